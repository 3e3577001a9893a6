"""The source registry: the Source dataclass, loading TOML files, validating entries."""
