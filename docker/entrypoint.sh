#!/bin/sh
# Production start: a secret key and an identity key kept on the data volume unless given, then migrate,
# collect static files, load the vocabularies and seed records, and serve under gunicorn.
set -eu
if [ -z "${SECRET_KEY:-}" ]; then
  key_file=/data/secret_key
  if [ ! -s "$key_file" ]; then
    python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file"
    chmod 600 "$key_file"
  fi
  SECRET_KEY=$(cat "$key_file")
  export SECRET_KEY
fi
# Victims' identities are encrypted with their own key, never SECRET_KEY (docs/security.md).
if [ -z "${IDENTITY_KEYS:-}" ]; then
  key_file=/data/identity_keys
  if [ ! -s "$key_file" ]; then
    python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > "$key_file"
    chmod 600 "$key_file"
  fi
  IDENTITY_KEYS=$(cat "$key_file")
  export IDENTITY_KEYS
fi
python manage.py migrate --noinput
python manage.py createcachetable
python manage.py collectstatic --noinput --verbosity 0
python manage.py seed
# The access log leaves out query strings: admin searches may carry a typed name.
exec gunicorn tracker.wsgi:application --bind 0.0.0.0:8000 --workers "${GUNICORN_WORKERS:-3}" \
  --access-logfile - --forwarded-allow-ips '*' \
  --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s'
