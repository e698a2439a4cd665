#!/usr/bin/env sh
# Mints an HS256 development token for metastore-service; needs only a JDK (17+), no build.
#   METASTORE_JWT_SECRET=... metastore-service/mint-token.sh --name Alice --email alice@example.org 'ds:acme/*:read,update'
# Run with --help for all options.
exec java "$(dirname "$0")/src/main/java/org/metagov/metastore/cli/MintToken.java" "$@"
