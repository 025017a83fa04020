"""Every threshold and coefficient of the FALC analysis, typed and cited.

Sources cited below:

- *IE*: Inclusion Europe, « L'information pour tous — règles européennes pour une information facile
  à lire et à comprendre » (édition française Unapei, 2009).
- *UK*: UK government, « Accessible communication formats — easy read » guidance (10 to 15 words
  per sentence).
- *lucid-lint*: the open FALC checker lucid-lint, its ``falc`` profile.
- *KM*: Kandel L. et Moles A. (1958), « Application de l'indice de Flesch à la langue française »,
  Cahiers Études de Radio-Télévision 19.
- *LIX*: Björnsson C.-H. (1968), « Läsbarhet ».
- *wordfreq*: Speer R. (2022), wordfreq 3 — Zipf scale: log10 of frequency per billion words.
- *paires*: Clair's own validity set ``benchmarks/data/paires_falc.csv`` (odd rows used to fit).

The facts are gathered in ``docs/regles-falc.md`` and in the project's reference notes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ScoreWeights(BaseModel):
    """Weights of the four parts of the FALC score, divided by their sum (see :mod:`falc.score`).

    Fitted by grid search (step 0.05) on the odd rows of ``benchmarks/data/paires_falc.csv``:
    equal weights rank 98.9 % of those pairs right, as well as any other weighting, and ties go
    to the most balanced weights. On the held-out even rows they rank 97.9 % right
    (``benchmarks/bench_falc_score.py``).
    """

    model_config = ConfigDict(frozen=True)

    sentence_length: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Poids de la longueur des phrases. Ajusté sur les lignes impaires de "
        "benchmarks/data/paires_falc.csv (paires).",
    )
    kandel_moles: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Poids du Flesch français de Kandel et Moles (KM). Ajusté (paires).",
    )
    rare_words: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Poids de la part de mots rares (wordfreq). Ajusté (paires).",
    )
    findings: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Poids de la densité des règles FALC enfreintes. Ajusté (paires).",
    )


class FalcConfig(BaseModel):
    """The thresholds of every rule and of the score, each with its source."""

    model_config = ConfigDict(frozen=True)

    # Sentences and paragraphs
    sentence_max_words: int = Field(
        default=15,
        ge=1,
        description="Au-delà, la phrase est trop longue. IE : « phrases courtes » ; UK : 10 à 15 mots ; "
        "lucid-lint falc : 15.",
    )
    sentence_tolerated_words: int = Field(
        default=20,
        ge=1,
        description="Une phrase de plus de sentence_max_words mots et d'au plus ce nombre n'est "
        "signalée que si elle a plusieurs idées (une virgule, un point-virgule, deux verbes "
        "conjugués) : jugé sur le corpus réel, une phrase de 16 à 20 mots à une seule idée n'est pas "
        "une fausse difficulté à couper (benchmarks/data/precision_falc.md, issue 16).",
    )
    parse_max_sentence_tokens: int = Field(
        default=200,
        ge=20,
        description="Au-delà de ce nombre de jetons, une phrase est coupée pour l'analyse "
        "grammaticale et signalée « phrase sans ponctuation ». La plus longue phrase des CCAG du "
        "corpus en a 179 ; une suite de mots sans point n'est pas une phrase, et spaCy la lirait "
        "en un temps et une mémoire sans borne.",
    )
    long_run_words: int = Field(
        default=10,
        ge=1,
        description="Une phrase de plus de ce nombre de mots compte comme longue dans une suite "
        "(lucid-lint falc : pas plus de 2 phrases de plus de 10 mots à la suite).",
    )
    long_run_max: int = Field(
        default=2,
        ge=1,
        description="Nombre maximal de phrases longues à la suite (lucid-lint falc).",
    )
    paragraph_max_sentences: int = Field(
        default=3,
        ge=1,
        description="Nombre maximal de phrases par paragraphe (IE : paragraphes courts ; lucid-lint falc : 3).",
    )
    paragraph_max_words: int = Field(
        default=60,
        ge=1,
        description="Nombre maximal de mots par paragraphe (lucid-lint falc : 60).",
    )
    sentence_max_commas: int = Field(
        default=2,
        ge=0,
        description="Nombre maximal de virgules par phrase (IE : une idée par phrase ; lucid-lint falc : 2).",
    )
    sentence_max_clauses: int = Field(
        default=2,
        ge=1,
        description="Nombre maximal de verbes conjugués par phrase : un verbe principal et au plus une "
        "subordonnée (IE : une seule idée par phrase).",
    )
    sentence_max_nominalisations: int = Field(
        default=2,
        ge=0,
        description="Nombre maximal de noms d'action (-tion, -ment, -age, -ité...) par phrase ; "
        "au-delà, préférez des verbes (lucid-lint falc : 2).",
    )
    nominalisation_min_words: int = Field(
        default=8,
        ge=1,
        description="Une phrase ou un élément de liste plus court n'est pas jugé pour les noms "
        "d'action : « Cession ou nantissement des créances » est un titre, pas une phrase à "
        "réécrire avec des verbes (jugement sur le corpus réel, issue 16).",
    )
    # Words
    rare_word_zipf: float = Field(
        default=3.0,
        description="Un mot dont la fréquence Zipf française (wordfreq) est sous ce seuil est rare : "
        "moins d'une occurrence par million de mots (wordfreq ; lucid-lint falc : 3).",
    )
    rare_word_min_letters: int = Field(
        default=4,
        ge=1,
        description="Les mots plus courts ne sont pas jugés rares (sigles et abréviations ont leur règle).",
    )
    nominalisation_min_letters: int = Field(
        default=7,
        ge=1,
        description="Longueur minimale d'un nom d'action : écarte « moment », « page », « cité » (choix Clair).",
    )
    capitals_min_words: int = Field(
        default=2,
        ge=1,
        description="Nombre de mots en capitales à la suite à partir duquel on signale (IE : pas de texte "
        "en majuscules ; lucid-lint falc : 2).",
    )
    large_number_min_digits: int = Field(
        default=4,
        ge=2,
        description="Un nombre d'au moins ce nombre de chiffres est un grand nombre (IE : éviter les "
        "grands nombres ; lucid-lint falc : 4 chiffres).",
    )
    extra_rules: frozenset[str] = Field(
        default=frozenset(),
        description="Codes des règles désactivées par défaut à faire tourner quand même : une règle "
        "dont la précision jugée sur des textes réels reste sous 85 % est « info » et désactivée par "
        "défaut (benchmarks/bench_falc_precision.py, issue 16).",
    )
    # Metrics and score
    score_weights: ScoreWeights = Field(
        default_factory=ScoreWeights,
        description="Poids des quatre parties du score FALC (voir falc.score).",
    )
    score_sentence_words_easy: float = Field(
        default=10.0,
        description="Une moyenne de mots par phrase à ce niveau ou moins donne la note pleine "
        "(UK : 10 à 15 mots).",
    )
    score_sentence_words_hard: float = Field(
        default=30.0,
        description="Une moyenne de mots par phrase à ce niveau ou plus donne 0 : la prose des marchés "
        "publics tourne autour de 28 mots par phrase (CCAG, avis du BOAMP, mesurés avec textstat).",
    )
    score_km_hard: float = Field(
        default=30.0,
        description="Kandel–Moles à ce niveau ou moins donne 0 : textes très difficiles (KM, échelle de Flesch).",
    )
    score_km_easy: float = Field(
        default=100.0,
        description="Kandel–Moles à ce niveau ou plus donne la note pleine : textes très faciles "
        "(KM, échelle de Flesch).",
    )
    score_rare_share_hard: float = Field(
        default=0.20,
        gt=0,
        description="Une part de mots rares de 20 % ou plus donne 0 (choix Clair, vérifié sur les paires).",
    )
    severity_points: dict[str, float] = Field(
        default_factory=lambda: {"erreur": 3.0, "avertissement": 2.0, "info": 1.0},
        description="Points d'une règle enfreinte selon sa gravité, pour la densité du score "
        "(choix Clair : une erreur pèse trois informations).",
    )
    score_findings_hard: float = Field(
        default=30.0,
        gt=0,
        description="Points de règles enfreintes pour 100 mots à partir desquels la note est 0 "
        "(erreur = 3, avertissement = 2, info = 1 ; choix Clair).",
    )
    level_easy: float = Field(
        default=75.0,
        description="Score à partir duquel le niveau est « facile » (choix Clair : 184 des 190 "
        "versions FALC des paires atteignent ce niveau, médiane 94,5).",
    )
    level_fairly_easy: float = Field(
        default=55.0,
        description="Score à partir duquel le niveau est « assez facile » (choix Clair).",
    )
    level_difficult: float = Field(
        default=35.0,
        description="Score à partir duquel le niveau est « difficile » ; en dessous, « très "
        "difficile » (choix Clair : la médiane des phrases administratives des paires est 45,5).",
    )
