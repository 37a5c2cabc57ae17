"""coolclaim: code, cover and get paid for scalp cooling."""
