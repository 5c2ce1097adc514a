// Run by the mongo-init service (mongosh). Initiates the single-member replica set rs0 the
// first time; later runs find it initiated. Either way, exits 0 only once there is a primary.
// The member's host is the compose service name: it is the address the services connect to.
try {
  rs.status();
  print('replica set rs0: already initiated');
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] });
  print('replica set rs0: initiated');
}

// A single member elects itself within seconds.
for (let attempt = 0; !db.hello().isWritablePrimary; attempt++) {
  if (attempt >= 120) throw new Error('replica set rs0: no primary after 60 s');
  sleep(500);
}
print('replica set rs0: primary ready');
