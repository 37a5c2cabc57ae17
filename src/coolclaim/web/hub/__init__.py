"""The hub app: cases from enrollment to coverage (BI, PA, appeal, PAP), their events and queue."""
