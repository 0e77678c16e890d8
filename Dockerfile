# Production image: gunicorn serving the portal, static files collected for whitenoise.
FROM python:3.11.14-slim-bookworm

# Pipes in RUN fail the build when any part of them fails.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.prod

# Debian's security updates replace package versions within the release the base image
# fixes; pinning them would break the build at the next update.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY alliances ./alliances
COPY services ./services
COPY talent ./talent
# With PostgreSQL 18's client programs for manage.py backup / restore (portal/backup.py).
RUN pip install --no-cache-dir './[backup]'
COPY . .

# Collecting static files and compiling messages need the production settings, which refuse
# to load without keys: throwaway ones made for the build (nothing is encrypted with them).
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    FIELD_ENCRYPTION_KEYS=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
    FIELD_HASH_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    sh -c "python manage.py compilemessages -l zh_Hans && python manage.py collectstatic --noinput" \
    && mkdir -p /app/var/media /app/var/backups && chown -R portal /app/var

USER 1000
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
