"""Built-in plugins: registered through the same hooks a province package uses."""
