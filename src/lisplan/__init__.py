"""lisplan: a Norwegian doctor's specialist training (LIS) plan, kept in plain YAML files."""

__version__ = "0.1.0"
