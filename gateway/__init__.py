"""The FastAPI gateway: accepts requests, publishes them to Kafka, serves status and results
from PostgreSQL. Cheap by design — no model, no generation work happens here."""
