"""How a tracking code is shown to people: ten characters in two groups of five, as the
portal, the SMS and the officers' screens all show it (8VJP6-J3S5C). Stored, looked up and
carried in events without the hyphen."""


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def stored(text: str) -> str:
    """A code as people type it ("8vjp6-j3s5c") or as events carry it, in its stored form."""
    return text.upper().replace("-", "").replace(" ", "")
