import autocannon from 'autocannon';
const r = await autocannon({ url: process.argv[2], connections: 32, duration: 5, headers: process.argv[3] ? { cookie: process.argv[3] } : {} });
console.log(process.argv[2], Math.round(r.requests.average), 'req/s', 'non2xx', r.non2xx);
