// Publish one message with KafkaJS: node produce.js BROKER TOPIC KEY < value
// Used by the interop test to play an upstream commerce system written in another language.
const { Kafka, logLevel } = require('kafkajs');

const [broker, topic, key] = process.argv.slice(2);
let value = '';
process.stdin.on('data', (chunk) => { value += chunk; });
process.stdin.on('end', async () => {
  const kafka = new Kafka({ clientId: 'interop-upstream', brokers: [broker], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    await producer.disconnect();
    console.log('produced');
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
});
