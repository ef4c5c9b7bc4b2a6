"""Running the nightly flow on a schedule: `hetang serve` (serve.py) and the deployment files."""
