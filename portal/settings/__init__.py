"""Settings per environment: ``dev`` (default for manage.py), ``test`` and ``prod``."""
