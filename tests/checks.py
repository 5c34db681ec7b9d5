"""Assertions shared by the tests of several apps."""


def refused_input(response) -> bool:
    """Return True when the response is the portal's French refusal of text holding a NUL
    byte or a lone surrogate (InputSanityMiddleware): a 400 that changed nothing."""
    return response.status_code == 400 and "caractères invisibles" in response.content.decode()
