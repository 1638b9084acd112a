// An async/await chain: each stage awaits a timer and the previous stage's result, so the trace
// shows frames suspending and resuming. `node examples/async.js`
const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function fetchUser(id) {
  const user = await delay(5, { id, name: `user-${id}` });
  return user;
}

async function fetchOrders(user) {
  const orders = await delay(5, [{ id: 1, total: 30 }, { id: 2, total: 12 }]);
  return orders.map((order) => ({ ...order, user: user.name }));
}

async function main() {
  const user = await fetchUser(42);
  const orders = await fetchOrders(user);
  const total = orders.reduce((sum, order) => sum + order.total, 0);
  console.log(`${user.name} ordered ${orders.length} times, total ${total}`);
}

main();
