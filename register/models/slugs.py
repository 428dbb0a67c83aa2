import secrets

# Base58 leaves out 0, O, I and l so a slug read aloud or copied by hand is not misread.
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
SLUG_LENGTH = 24


def new_slug() -> str:
    return "".join(secrets.choice(BASE58) for _ in range(SLUG_LENGTH))
