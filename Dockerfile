# One image for web, worker and beat (docker-compose.yml picks the command).

FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/var/lib/pathway
WORKDIR /app
RUN useradd --system --home /app pathway && mkdir -p /var/lib/pathway && chown pathway /var/lib/pathway
COPY pyproject.toml constraints.txt ./
COPY config ./config
COPY pathway ./pathway
COPY frontdoor ./frontdoor
COPY localities ./localities
COPY screening ./screening
COPY caf ./caf
COPY casework ./casework
COPY reporting ./reporting
COPY demo ./demo
RUN pip install --no-cache-dir -c constraints.txt '.[demo]'
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY --from=frontend /build/static/dist ./static/dist
# collectstatic needs settings but no secrets or database.
RUN DEBUG=false python manage.py collectstatic --no-input -v0
USER pathway
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
