FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_ROOT=/app/staticfiles DEBUG=0
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home tracker && mkdir -p /data /app/staticfiles && chown tracker /data /app/staticfiles
USER tracker
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
