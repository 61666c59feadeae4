"""The bare-Django floor of bench/serving.py: Django's default project (startproject's apps and
middleware) serving one page rendered from one template of about 11 KB, without the
database. Served by the same servers, the same way, in the same run as Cabildo, it is what
"as fast as Django goes on this machine" means; the pages are measured against it.
"""
