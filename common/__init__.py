"""Small tools every app shares that know nothing of the domain (no models, no imports
from the apps): CSV writing, cached aggregates, date wording. The lowest layer."""
