// Classes: a bank account with a history, a subclass with an overdraft limit, and an error path.
// `node examples/classes.js`
class Account {
  #history = [];

  constructor(owner, balance = 0) {
    this.owner = owner;
    this.balance = balance;
  }

  deposit(amount) {
    this.balance += amount;
    this.#history.push({ type: 'deposit', amount });
    return this;
  }

  withdraw(amount) {
    if (amount > this.available()) throw new Error(`insufficient funds for ${amount}`);
    this.balance -= amount;
    this.#history.push({ type: 'withdraw', amount });
    return this;
  }

  available() {
    return this.balance;
  }

  get historyLength() {
    return this.#history.length;
  }
}

class CreditAccount extends Account {
  constructor(owner, limit) {
    super(owner);
    this.limit = limit;
  }

  available() {
    return this.balance + this.limit;
  }
}

const alice = new Account('alice', 100).deposit(50).withdraw(30);
const bob = new CreditAccount('bob', 20).deposit(10).withdraw(25);
try {
  alice.withdraw(1000);
} catch (error) {
  console.log(`refused: ${error.message}`);
}
console.log(`${alice.owner}: ${alice.balance} after ${alice.historyLength} operations`);
console.log(`${bob.owner}: ${bob.balance} (limit ${bob.limit})`);
