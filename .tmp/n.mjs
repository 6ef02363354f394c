import autocannon from 'autocannon';
const r = await autocannon({ url: process.argv[2], connections: 32, amount: 2000, headers: { cookie: process.argv[3] } });
console.log(r.requests.total, 'requests', 'non2xx', r.non2xx);
