"""How a tracking code is shown to people: ten characters in two groups of five, as the
portal, the SMS and the officers' screens all show it (8VJP6-J3S5C). Stored without the
hyphen."""


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code
