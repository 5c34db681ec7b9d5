"""What realis adds to the site-wide pages, through occitanie_ess.common.registry."""
