"""Everything that writes to Kafka: the shared publisher (gateway and workers) and topic
administration. Upstream-style producers (product events) live here too."""
