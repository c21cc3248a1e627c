// Placeholder until the headless runner lands.
console.log('sim: not yet');
