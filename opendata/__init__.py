"""Open data: the /datos/ downloads and the read-only JSON API under /api/v1/.

The top of the layers: it reads what the apps publish (the datasets they register in
``common.datasets``, the read functions and row builders of ``consultations.datasets``)
and imports no app's internals beyond those. It has no models.
"""
