"""A local fake of the OpenAI and Together HTTP APIs for tests and development (`pdp fake-ai`)."""
