#!/bin/sh
# Entry point of the test RabbitMQ image (build.sh): the node's first user comes from RABBITMQ_DEFAULT_USER and
# RABBITMQ_DEFAULT_PASS, as in the official rabbitmq image, then rabbitmq-server runs in the foreground.
set -eu

conf=$HOME/rabbitmq.conf
{
  cat /etc/rabbitmq/rabbitmq.conf
  printf 'default_user = %s\ndefault_pass = %s\n' "${RABBITMQ_DEFAULT_USER:-guest}" "${RABBITMQ_DEFAULT_PASS:-guest}"
} >"$conf"
export RABBITMQ_CONFIG_FILE="$conf"

[ "${1:-}" = rabbitmq-server ] && shift
exec rabbitmq-server "$@"
