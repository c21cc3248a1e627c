// Placeholder until the real-kernel harness lands: it reports that no scenario ran.
console.log('real-kernel scenarios: none yet');
