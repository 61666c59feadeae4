from common.text import fold, spanish_sorted


def test_fold_ignores_case_accents_and_tildes():
    assert fold("Árboles") == "arboles"
    assert fold("ÑUÑOA") == "nunoa"
    assert fold("Espacios Públicos") == "espacios publicos"


def test_spanish_order_puts_accents_in_place_and_n_tilde_after_n():
    names = ["Ñuñoa", "Olmué", "Chépica", "Máfil", "Nueva Imperial", "Ñiquén", "Bosques"]
    names += ["Áreas verdes", "Agua", "Cerrillos", "Machalí", "Ninhue"]
    assert spanish_sorted(names) == [
        "Agua",
        "Áreas verdes",
        "Bosques",
        "Cerrillos",
        "Chépica",
        "Machalí",
        "Máfil",
        "Ninhue",
        "Nueva Imperial",
        "Ñiquén",
        "Ñuñoa",
        "Olmué",
    ]


def test_accents_and_case_only_break_ties():
    assert spanish_sorted(["área", "Area", "area"]) == ["area", "Area", "área"]
