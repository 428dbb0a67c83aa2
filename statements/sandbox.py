def seed() -> dict[str, dict[str, str]]:
    return {}
