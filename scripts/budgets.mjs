// Placeholder until the size budgets land.
console.log('budgets: none yet');
