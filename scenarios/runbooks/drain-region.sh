#!/bin/sh
# Example runbook step, rehearsed by scenarios/rehearsal-eu-outage.yaml: take REGION out of
# the global entry so that users stop reaching it, then say where the entry sends traffic.
#
# gameday runs it as an `action` step with the topology in its environment:
#   GAMEDAY_ROUTER_URL, GAMEDAY_<REGION>_URL, GAMEDAY_TOXIPROXY_URL, GAMEDAY_RUN_DIR,
#   GAMEDAY_STATE_DIR (so gameday commands find this topology) and GAMEDAY_CLI (this gameday).
# Your own runbook would call your load balancer's or DNS provider's API here instead.
set -eu
region="${1:?usage: drain-region.sh REGION}"
gameday="${GAMEDAY_CLI:-gameday}"

if $gameday --help 2>/dev/null | grep -q '^ *route '; then
  # HAProxy's runtime API: the region gets no new traffic from the entry.
  $gameday route drain "$region"
else
  # A gameday without `route`: the router's own health checks take the region out.
  echo "gameday route is not available here; the router's health checks take $region out"
fi
$gameday status || true
