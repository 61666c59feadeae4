from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    discussion,
    owner,
    owner_rules,
    test_owner_registered,
)
