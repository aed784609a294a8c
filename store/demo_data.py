"""Data pools of the demo dealership: French people, places, cars and lenders.

Weighted pools are tuples of ``(value, weight)``; :func:`expand` turns them into flat lists in
which a uniform pick is a weighted one, the cheapest draw there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def expand(weighted: Sequence[tuple[T, int]]) -> list[T]:
    """A flat list where each value appears ``weight`` times."""
    return [value for value, weight in weighted for _ in range(weight)]


# Frequent French surnames (INSEE order, roughly), with their accents and particles.
LAST_NAMES: tuple[tuple[str, int], ...] = (
    ("Martin", 40), ("Bernard", 22), ("Thomas", 20), ("Petit", 19), ("Robert", 18),
    ("Richard", 18), ("Durand", 17), ("Dubois", 17), ("Moreau", 16), ("Laurent", 16),
    ("Simon", 15), ("Michel", 15), ("Lefèvre", 14), ("Leroy", 14), ("Roux", 13),
    ("David", 13), ("Bertrand", 13), ("Morel", 12), ("Fournier", 12), ("Girard", 12),
    ("Bonnet", 11), ("Dupont", 11), ("Lambert", 11), ("Fontaine", 11), ("Rousseau", 10),
    ("Vincent", 10), ("Muller", 10), ("Lefebvre", 10), ("Faure", 10), ("André", 10),
    ("Mercier", 9), ("Blanc", 9), ("Guérin", 9), ("Boyer", 9), ("Garnier", 9),
    ("Chevalier", 9), ("François", 9), ("Legrand", 9), ("Gauthier", 8), ("Garcia", 8),
    ("Perrin", 8), ("Robin", 8), ("Clément", 8), ("Morin", 8), ("Nicolas", 8),
    ("Henry", 8), ("Roussel", 7), ("Mathieu", 7), ("Gautier", 7), ("Masson", 7),
    ("Marchand", 7), ("Duval", 7), ("Denis", 7), ("Dumont", 7), ("Marie", 7),
    ("Lemaire", 6), ("Noël", 6), ("Meyer", 6), ("Dufour", 6), ("Meunier", 6),
    ("Brun", 6), ("Blanchard", 6), ("Giraud", 6), ("Joly", 6), ("Rivière", 6),
    ("Lucas", 6), ("Brunet", 6), ("Gaillard", 6), ("Barbier", 6), ("Arnaud", 6),
    ("Martinez", 5), ("Gérard", 5), ("Roche", 5), ("Renard", 5), ("Schmitt", 5),
    ("Roy", 5), ("Leroux", 5), ("Colin", 5), ("Vidal", 5), ("Caron", 5),
    ("Picard", 5), ("Roger", 5), ("Fabre", 5), ("Aubert", 5), ("Lemoine", 5),
    ("Renaud", 5), ("Dumas", 5), ("Lacroix", 5), ("Olivier", 5), ("Philippe", 5),
    ("Bourgeois", 4), ("Pierre", 4), ("Benoît", 4), ("Rey", 4), ("Leclerc", 4),
    ("Payet", 4), ("Rolland", 4), ("Leclercq", 4), ("Guillaume", 4), ("Lecomte", 4),
    ("Lopez", 4), ("Jean", 4), ("Dupuy", 4), ("Guillot", 4), ("Hubert", 4),
    ("Berger", 4), ("Carpentier", 4), ("Sanchez", 4), ("Dupuis", 4), ("Moulin", 4),
    ("Louis", 4), ("Deschamps", 4), ("Huet", 4), ("Vasseur", 4), ("Perez", 4),
    ("Boucher", 3), ("Fleury", 3), ("Royer", 3), ("Klein", 3), ("Jacquet", 3),
    ("Adam", 3), ("Paris", 3), ("Poirier", 3), ("Marty", 3), ("Aubry", 3),
    ("Guyot", 3), ("Carré", 3), ("Charles", 3), ("Renault", 3), ("Charpentier", 3),
    ("Ménard", 3), ("Maillard", 3), ("Baron", 3), ("Bertin", 3), ("Bailly", 3),
    ("Hervé", 3), ("Schneider", 3), ("Fernandez", 3), ("Le Gall", 3), ("Collet", 3),
    ("Léger", 3), ("Bouvier", 3), ("Julien", 3), ("Prévost", 3), ("Millet", 3),
    ("Perrot", 3), ("Daniel", 3), ("Le Roux", 3), ("Cousin", 3), ("Germain", 3),
    ("Breton", 3), ("Besson", 3), ("Langlois", 3), ("Rémy", 3), ("Le Goff", 3),
    ("Pelletier", 3), ("Lévêque", 3), ("Perrier", 3), ("Leblanc", 3), ("Barré", 3),
    ("Lebrun", 3), ("Marchal", 3), ("Weber", 3), ("Mallet", 3), ("Hamon", 3),
    ("Boulanger", 2), ("Jacob", 2), ("Monnier", 2), ("Michaud", 2), ("Rodriguez", 2),
    ("Guichard", 2), ("Gillet", 2), ("Étienne", 2), ("Grondin", 2), ("Poulain", 2),
    ("Tessier", 2), ("Chevallier", 2), ("Collin", 2), ("Chauvin", 2), ("Da Silva", 2),
    ("Bouchet", 2), ("Gay", 2), ("Lemaître", 2), ("Bénard", 2), ("Maréchal", 2),
    ("Humbert", 2), ("Reynaud", 2), ("Antoine", 2), ("Hoarau", 2), ("Perret", 2),
    ("Barthélemy", 2), ("Cordier", 2), ("Pichon", 2), ("Lejeune", 2), ("Gilbert", 2),
    ("Lamy", 2), ("Delaunay", 2), ("Pasquier", 2), ("Carlier", 2), ("Laporte", 2),
    ("Le Floch", 2), ("Le Bihan", 2), ("Kerguelen", 1), ("Quéméneur", 1), ("Tanguy", 2),
    ("Nguyen", 2), ("Dos Santos", 2), ("Ferreira", 2), ("Benali", 2), ("Haddad", 1),
    ("Bouaziz", 1), ("Diallo", 1), ("Traoré", 1), ("Kowalski", 1), ("Rossi", 1),
    ("de Villiers", 1), ("de Saint-Exupéry", 1), ("d'Aubigné", 1), ("de La Fontaine", 1),
    ("d'Harcourt", 1), ("de Lattre", 1), ("Du Plessis", 1), ("de Montalembert", 1),
    ("d'Ornano", 1), ("de Gaulle", 1), ("Le Pennec", 1), ("L'Hermite", 1),
    ("Saint-Martin", 1), ("Lefèvre-Pontalis", 1), ("Bourdais-Lemoine", 1), ("N'Diaye", 1),
)

MALE_FIRST_NAMES: tuple[tuple[str, int], ...] = (
    ("Jean", 12), ("Pierre", 9), ("Michel", 9), ("Philippe", 9), ("Alain", 7),
    ("Nicolas", 8), ("Christophe", 7), ("Patrick", 7), ("Daniel", 6), ("Stéphane", 7),
    ("Frédéric", 6), ("Laurent", 6), ("Éric", 6), ("David", 6), ("Julien", 6),
    ("Sébastien", 6), ("Thomas", 6), ("Olivier", 6), ("Pascal", 5), ("Thierry", 5),
    ("Jérôme", 5), ("François", 5), ("Bernard", 5), ("Christian", 5), ("Gérard", 4),
    ("Jacques", 5), ("André", 4), ("René", 3), ("Hervé", 4), ("Didier", 4),
    ("Maxime", 5), ("Alexandre", 5), ("Antoine", 5), ("Guillaume", 5), ("Romain", 5),
    ("Kévin", 4), ("Mathieu", 4), ("Benoît", 4), ("Vincent", 4), ("Cédric", 4),
    ("Lucas", 4), ("Hugo", 4), ("Théo", 4), ("Louis", 4), ("Gabriel", 3),
    ("Raphaël", 3), ("Noé", 2), ("Maël", 2), ("Loïc", 3), ("Joël", 2),
    ("Gaël", 2), ("Rémi", 3), ("Grégory", 3), ("Yannick", 3), ("Régis", 2),
    ("Jean-Pierre", 5), ("Jean-Claude", 4), ("Jean-Marc", 3), ("Jean-François", 3),
    ("Jean-Luc", 3), ("Jean-Michel", 3), ("Jean-Baptiste", 2), ("Pierre-Yves", 2),
    ("Marc-Antoine", 1), ("Mohamed", 2), ("Karim", 2), ("Youssef", 1), ("Mehdi", 1),
    ("Anthony", 3), ("Dylan", 2), ("Enzo", 2), ("Bastien", 2), ("Adrien", 3),
)

FEMALE_FIRST_NAMES: tuple[tuple[str, int], ...] = (
    ("Marie", 12), ("Nathalie", 8), ("Isabelle", 8), ("Sylvie", 7), ("Catherine", 7),
    ("Françoise", 5), ("Valérie", 6), ("Christine", 6), ("Sandrine", 6), ("Véronique", 5),
    ("Céline", 6), ("Stéphanie", 6), ("Sophie", 6), ("Aurélie", 5), ("Émilie", 5),
    ("Julie", 6), ("Camille", 5), ("Laure", 3), ("Hélène", 5), ("Martine", 5),
    ("Monique", 4), ("Nicole", 4), ("Brigitte", 4), ("Chantal", 4), ("Annie", 3),
    ("Mélanie", 4), ("Élodie", 4), ("Audrey", 4), ("Caroline", 4), ("Virginie", 4),
    ("Léa", 4), ("Chloé", 4), ("Manon", 4), ("Emma", 4), ("Inès", 3),
    ("Zoé", 3), ("Jade", 3), ("Louise", 3), ("Anaïs", 3), ("Noémie", 3),
    ("Gaëlle", 2), ("Maëlle", 2), ("Agnès", 3), ("Cécile", 4), ("Thérèse", 2),
    ("Geneviève", 2), ("Josiane", 2), ("Danièle", 2), ("Éloïse", 2), ("Clémence", 3),
    ("Marie-Claire", 2), ("Marie-Christine", 2), ("Anne-Sophie", 3), ("Anne-Marie", 3),
    ("Marie-Hélène", 2), ("Marie-Laure", 2), ("Marie-Pierre", 1), ("Fatima", 2),
    ("Sarah", 3), ("Laetitia", 3), ("Karine", 4), ("Delphine", 4), ("Béatrice", 2),
)

# Real postcodes and communes; the group's sites are in the west, clients come from nearby.
CITIES: tuple[tuple[tuple[str, str], int], ...] = (
    (("44000", "Nantes"), 40), (("44100", "Nantes"), 20), (("44300", "Nantes"), 15),
    (("44400", "Rezé"), 12), (("44800", "Saint-Herblain"), 12), (("44700", "Orvault"), 8),
    (("44120", "Vertou"), 6), (("44230", "Saint-Sébastien-sur-Loire"), 7),
    (("44600", "Saint-Nazaire"), 15), (("44500", "La Baule-Escoublac"), 6),
    (("44240", "La Chapelle-sur-Erdre"), 5), (("44470", "Carquefou"), 5),
    (("44110", "Châteaubriant"), 4), (("44190", "Clisson"), 3), (("44350", "Guérande"), 4),
    (("44210", "Pornic"), 3), (("44150", "Ancenis-Saint-Géréon"), 3),
    (("49000", "Angers"), 20), (("49100", "Angers"), 10), (("49300", "Cholet"), 10),
    (("49400", "Saumur"), 6), (("49130", "Les Ponts-de-Cé"), 3),
    (("49240", "Avrillé"), 3), (("85000", "La Roche-sur-Yon"), 12),
    (("85300", "Challans"), 5), (("85100", "Les Sables-d'Olonne"), 6),
    (("85600", "Montaigu-Vendée"), 4), (("85500", "Les Herbiers"), 4),
    (("85200", "Fontenay-le-Comte"), 3), (("35000", "Rennes"), 18), (("35200", "Rennes"), 8),
    (("35400", "Saint-Malo"), 6), (("35300", "Fougères"), 4), (("35500", "Vitré"), 4),
    (("35600", "Redon"), 3), (("35510", "Cesson-Sévigné"), 4), (("56000", "Vannes"), 8),
    (("56100", "Lorient"), 7), (("56400", "Auray"), 3), (("56300", "Pontivy"), 3),
    (("29000", "Quimper"), 6), (("29200", "Brest"), 9), (("29600", "Morlaix"), 3),
    (("22000", "Saint-Brieuc"), 5), (("22300", "Lannion"), 3), (("22100", "Dinan"), 3),
    (("53000", "Laval"), 6), (("72000", "Le Mans"), 12), (("72100", "Le Mans"), 6),
    (("37000", "Tours"), 8), (("79000", "Niort"), 5), (("17000", "La Rochelle"), 5),
    (("86000", "Poitiers"), 4), (("75011", "Paris"), 2), (("75015", "Paris"), 2),
    (("92100", "Boulogne-Billancourt"), 1), (("69003", "Lyon"), 1), (("33000", "Bordeaux"), 1),
    (("31000", "Toulouse"), 1), (("13008", "Marseille"), 1), (("59000", "Lille"), 1),
    (("67000", "Strasbourg"), 1), (("06000", "Nice"), 1), (("34000", "Montpellier"), 1),
    (("97400", "Saint-Denis"), 1), (("20000", "Ajaccio"), 1),
)

STREETS: tuple[str, ...] = (
    "rue de la République", "rue Victor Hugo", "avenue Jean Jaurès", "rue Jules Ferry",
    "boulevard Gambetta", "rue Pasteur", "rue du Général de Gaulle", "place de l'Église",
    "rue de la Gare", "chemin des Vignes", "impasse des Lilas", "allée des Tilleuls",
    "rue des Écoles", "avenue de la Libération", "rue du Moulin", "rue de Verdun",
    "boulevard de la Prairie-au-Duc", "quai de la Fosse", "rue Crébillon", "rue de Strasbourg",
    "rue Émile Zola", "rue Anatole France", "rue Paul Bert", "avenue des Peupliers",
    "rue du Château", "route de Vannes", "route de Paris", "rue Saint-Pierre",
    "rue de l'Océan", "chemin de la Métairie", "rue des Châtaigniers", "rue des Mésanges",
    "lotissement Les Hauts de Loire", "rue Jean Moulin", "rue Aristide Briand",
    "rue de la Mairie", "avenue du Maréchal Foch", "rue Georges Clemenceau",
    "rue des Acacias", "place du Marché", "rue de Bretagne", "rue d'Anjou",
    "chemin du Halage", "rue du Stade", "rue Louis Blériot", "rue Charles Péguy",
    "rue du Calvaire", "rue de la Fontaine", "rue des Forges", "rue Sainte-Anne",
)
STREET_NUMBER_SUFFIXES: tuple[tuple[str, int], ...] = (("", 92), (" bis", 6), (" ter", 2))

EMAIL_DOMAINS: tuple[tuple[str, int], ...] = (
    ("gmail.com", 40), ("orange.fr", 18), ("hotmail.fr", 10), ("yahoo.fr", 6), ("free.fr", 7),
    ("sfr.fr", 5), ("outlook.fr", 5), ("laposte.net", 4), ("wanadoo.fr", 4), ("icloud.com", 3),
    ("bbox.fr", 2), ("neuf.fr", 1), ("live.fr", 2),
)

SITUATIONS: tuple[tuple[str, int], ...] = (
    ("marié(e)", 40), ("célibataire", 22), ("pacsé(e)", 12), ("en couple", 10),
    ("divorcé(e)", 8), ("veuf(ve)", 4), ("", 4),
)

PROFESSIONS: tuple[tuple[str, int], ...] = (
    ("employé(e)", 14), ("cadre", 10), ("retraité(e)", 18), ("ouvrier(ère)", 8),
    ("enseignant(e)", 5), ("infirmier(ère)", 4), ("artisan", 4), ("commerçant(e)", 4),
    ("agriculteur(trice)", 3), ("chef d'entreprise", 3), ("profession libérale", 3),
    ("fonctionnaire", 6), ("technicien(ne)", 5), ("étudiant(e)", 3), ("médecin", 1),
    ("chauffeur", 2), ("commercial(e)", 3), ("aide-soignant(e)", 2), ("sans emploi", 2),
    ("", 6),
)

INTERESTS: tuple[tuple[str, int], ...] = (
    ("", 60), ("randonnée", 4), ("pêche", 3), ("vélo", 4), ("voile", 2), ("golf", 1),
    ("camping-car", 2), ("bricolage", 3), ("jardinage", 3), ("football", 3), ("rugby", 2),
    ("équitation", 1), ("tennis", 2), ("course à pied", 2), ("photographie", 1),
    ("voyages", 3), ("moto", 2), ("chasse", 1), ("musique", 2),
)

COMPANIES: tuple[str, ...] = (
    "SARL Transports Morel", "Boulangerie Le Fournil", "SAS Ouest Plomberie",
    "Cabinet Durand & Associés", "EURL Jardins de Loire", "Taxi Atlantique",
    "SCI Les Pins", "Ambulances Nantaises", "Électricité Gautier", "Menuiserie Perrin",
    "SAS Vendée Bâtiment", "Pharmacie de la Gare", "Garage du Centre", "Agence Immo Ouest",
)

ORIGINS: tuple[tuple[str, int], ...] = (
    ("showroom", 30), ("web_lead", 22), ("dms", 18), ("phone", 8), ("aftersales", 10),
    ("contest", 6), ("referral", 6),
)

CONSENT_SOURCES: tuple[str, ...] = (
    "bon de commande", "formulaire site marque", "appel entrant", "jeu concours",
    "import DMS", "fiche atelier", "salon auto", "courrier signé",
)

# Makes: (make, WMI codes, VIN plant letters, lenders, weight)
MAKES: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    ("Peugeot", ("VF3", "VR3"), "LKWT", 22),
    ("Renault", ("VF1",), "DVFX", 20),
    ("Citroën", ("VF7", "VR7"), "LKT", 11),
    ("Dacia", ("UU1", "VGA"), "LRT", 10),
    ("Toyota", ("VNK", "SB1", "JTD"), "ABC", 9),
    ("Volkswagen", ("WVW", "WVG"), "WZP", 7),
    ("Opel", ("W0V", "VXK"), "LTE", 4),
    ("DS", ("VR1",), "L", 2),
    ("Ford", ("WF0",), "FKS", 3),
    ("Fiat", ("ZFA",), "MBT", 3),
    ("Kia", ("U5Y", "KNA"), "SKG", 3),
    ("Hyundai", ("TMA", "KMH"), "UZR", 2),
    ("Skoda", ("TMB",), "ABC", 2),
    ("Nissan", ("SJN", "VSK"), "ADS", 2),
    ("Tesla", ("LRW", "XP7", "5YJ"), "BFC", 1),
)

# (make, model, versions, energies with weights, new price in euros)
MODELS: tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, int], ...], int, int], ...] = (
    ("Peugeot", "208", ("Active", "Allure", "GT", "Style"),
     (("essence", 6), ("hybride", 2), ("électrique", 2)), 22500, 30),
    ("Peugeot", "2008", ("Active", "Allure", "GT"),
     (("essence", 5), ("hybride", 3), ("électrique", 1), ("diesel", 1)), 28000, 25),
    ("Peugeot", "308", ("Active Pack", "Allure", "GT"),
     (("essence", 4), ("diesel", 3), ("hybride rechargeable", 2), ("électrique", 1)), 32000, 18),
    ("Peugeot", "3008", ("Allure", "GT", "GT Exclusive"),
     (("hybride", 4), ("diesel", 3), ("hybride rechargeable", 2), ("électrique", 1)), 38000, 18),
    ("Peugeot", "5008", ("Allure", "GT"), (("hybride", 5), ("diesel", 4), ("électrique", 1)),
     42000, 8),
    ("Peugeot", "Rifter", ("Active", "Allure"), (("diesel", 7), ("électrique", 3)), 29000, 5),
    ("Renault", "Clio", ("Evolution", "Techno", "Esprit Alpine", "Zen", "Intens"),
     (("essence", 6), ("hybride", 3), ("GPL", 1)), 20500, 35),
    ("Renault", "Captur", ("Evolution", "Techno", "Esprit Alpine"),
     (("essence", 5), ("hybride", 4), ("GPL", 1)), 26000, 25),
    ("Renault", "Mégane", ("Evolution", "Techno", "Iconic", "E-Tech"),
     (("diesel", 4), ("essence", 3), ("électrique", 3)), 30000, 15),
    ("Renault", "Austral", ("Evolution", "Techno", "Iconic"), (("hybride", 8), ("essence", 2)),
     36000, 8),
    ("Renault", "Kangoo", ("Life", "Zen", "Van Confort"), (("diesel", 7), ("électrique", 3)),
     27000, 7),
    ("Renault", "Twingo", ("Equilibre", "Techno"), (("essence", 6), ("électrique", 4)), 15500, 5),
    ("Citroën", "C3", ("You", "Plus", "Max", "Shine"), (("essence", 7), ("électrique", 3)),
     18500, 30),
    ("Citroën", "C3 Aircross", ("Plus", "Max"), (("essence", 7), ("hybride", 3)), 24000, 12),
    ("Citroën", "C4", ("Feel", "Shine", "Max"), (("essence", 5), ("diesel", 2), ("électrique", 3)),
     27000, 12),
    ("Citroën", "C5 Aircross", ("Feel Pack", "Shine", "Max"),
     (("diesel", 4), ("hybride rechargeable", 3), ("essence", 3)), 35000, 8),
    ("Citroën", "Berlingo", ("Feel", "Shine"), (("diesel", 8), ("électrique", 2)), 26000, 6),
    ("Dacia", "Sandero", ("Essential", "Expression", "Stepway Extreme"),
     (("essence", 7), ("GPL", 3)), 14000, 40),
    ("Dacia", "Duster", ("Essential", "Expression", "Journey", "Extreme"),
     (("essence", 4), ("GPL", 2), ("diesel", 2), ("hybride", 2)), 20000, 30),
    ("Dacia", "Jogger", ("Expression", "Extreme"), (("essence", 5), ("GPL", 3), ("hybride", 2)),
     19500, 12),
    ("Dacia", "Spring", ("Expression", "Extreme"), (("électrique", 1),), 17000, 8),
    ("Toyota", "Yaris", ("Dynamic", "Design", "GR Sport"), (("hybride", 9), ("essence", 1)),
     23000, 30),
    ("Toyota", "Yaris Cross", ("Dynamic", "Design", "GR Sport"), (("hybride", 1),), 27500, 25),
    ("Toyota", "C-HR", ("Dynamic", "Design", "GR Sport"),
     (("hybride", 9), ("hybride rechargeable", 1)),
     33000, 15),
    ("Toyota", "Corolla", ("Dynamic", "Design"), (("hybride", 1),), 31000, 12),
    ("Toyota", "RAV4", ("Dynamic", "Design", "Lounge"),
     (("hybride", 8), ("hybride rechargeable", 2)),
     41000, 8),
    ("Volkswagen", "Polo", ("Life", "Style", "R-Line"), (("essence", 1),), 22000, 25),
    ("Volkswagen", "Golf", ("Life", "Style", "R-Line", "GTI"),
     (("essence", 5), ("diesel", 3), ("hybride rechargeable", 2)), 31000, 25),
    ("Volkswagen", "T-Roc", ("Life", "Style", "R-Line"),
     (("essence", 7), ("diesel", 3)), 30000, 20),
    ("Volkswagen", "Tiguan", ("Life", "Elegance", "R-Line"), (("diesel", 5), ("hybride", 5)),
     40000, 12),
    ("Volkswagen", "ID.3", ("Pure", "Pro", "Pro S"), (("électrique", 1),), 38000, 8),
    ("Opel", "Corsa", ("Edition", "Elegance", "GS"),
     (("essence", 7), ("électrique", 3)), 20000, 30),
    ("Opel", "Mokka", ("Edition", "GS"), (("essence", 7), ("électrique", 3)), 26000, 15),
    ("Opel", "Astra", ("Edition", "GS"),
     (("essence", 5), ("diesel", 3), ("hybride rechargeable", 2)),
     28000, 12),
    ("DS", "DS 3", ("Bastille", "Rivoli", "Performance Line"), (("essence", 7), ("électrique", 3)),
     32000, 10),
    ("DS", "DS 7", ("Bastille", "Rivoli", "Opera"), (("diesel", 4), ("hybride rechargeable", 6)),
     48000, 6),
    ("Ford", "Fiesta", ("Titanium", "ST-Line"), (("essence", 1),), 19000, 15),
    ("Ford", "Puma", ("Titanium", "ST-Line X"), (("hybride", 1),), 27000, 15),
    ("Ford", "Kuga", ("Titanium", "ST-Line"),
     (("hybride rechargeable", 6), ("diesel", 4)), 38000, 8),
    ("Fiat", "500", ("Dolcevita", "Club", "La Prima"),
     (("hybride", 6), ("électrique", 4)), 17500, 25),
    ("Fiat", "Panda", ("City Life", "Cross"), (("hybride", 1),), 15000, 20),
    ("Fiat", "Tipo", ("Life", "Cross"), (("essence", 6), ("diesel", 4)), 21000, 8),
    ("Kia", "Picanto", ("Motion", "GT Line"), (("essence", 1),), 14500, 12),
    ("Kia", "Sportage", ("Active", "Design", "GT Line"),
     (("hybride", 7), ("diesel", 3)), 36000, 15),
    ("Kia", "Niro", ("Active", "Premium"), (("hybride", 6), ("électrique", 4)), 33000, 12),
    ("Hyundai", "i20", ("Intuitive", "Creative"), (("essence", 1),), 19500, 12),
    ("Hyundai", "Tucson", ("Intuitive", "Creative", "Executive"), (("hybride", 7), ("diesel", 3)),
     37000, 15),
    ("Hyundai", "Kona", ("Intuitive", "Executive"), (("hybride", 5), ("électrique", 5)), 31000, 12),
    ("Skoda", "Fabia", ("Ambition", "Style"), (("essence", 1),), 19000, 12),
    ("Skoda", "Octavia", ("Business", "Style", "RS"), (("diesel", 6), ("essence", 4)), 30000, 15),
    ("Skoda", "Kodiaq", ("Style", "Sportline"), (("diesel", 7), ("essence", 3)), 40000, 8),
    ("Nissan", "Qashqai", ("Acenta", "N-Connecta", "Tekna"), (("hybride", 1),), 32000, 20),
    ("Nissan", "Juke", ("Acenta", "N-Connecta"), (("essence", 6), ("hybride", 4)), 24000, 12),
    ("Nissan", "Leaf", ("Acenta", "N-Connecta"), (("électrique", 1),), 33000, 6),
    ("Tesla", "Model 3", ("Propulsion", "Grande Autonomie"), (("électrique", 1),), 42000, 10),
    ("Tesla", "Model Y", ("Propulsion", "Grande Autonomie"), (("électrique", 1),), 45000, 12),
)

# Lenders by make; LLD and generic credit lenders apart.
CAPTIVE_LENDERS: dict[str, tuple[str, ...]] = {
    "Peugeot": ("Stellantis Financial Services", "PSA Banque"),
    "Citroën": ("Stellantis Financial Services", "PSA Banque"),
    "DS": ("Stellantis Financial Services",),
    "Opel": ("Stellantis Financial Services", "Opel Bank"),
    "Fiat": ("Stellantis Financial Services",),
    "Renault": ("DIAC", "Mobilize Financial Services"),
    "Dacia": ("DIAC", "Mobilize Financial Services"),
    "Nissan": ("Nissan Financial Services", "DIAC"),
    "Toyota": ("Toyota France Financement",),
    "Volkswagen": ("Volkswagen Financial Services",),
    "Skoda": ("Volkswagen Financial Services",),
    "Ford": ("Ford Credit",),
    "Kia": ("Kia Finance",),
    "Hyundai": ("Hyundai Capital France",),
    "Tesla": ("Tesla Financial Services",),
}
BANK_LENDERS: tuple[str, ...] = (
    "Cetelem", "Sofinco", "Cofidis", "Franfinance", "Crédit Agricole Consumer Finance",
    "Crédit Mutuel", "Banque Populaire", "Oney",
)
LLD_LENDERS: tuple[str, ...] = (
    "Arval", "Ayvens", "Free2Move Lease", "Mobilize Lease&Co", "Leasys",
)
FINANCING_MODES: tuple[tuple[str, int], ...] = (
    ("cash", 30), ("loan", 30), ("loa", 28), ("lld", 12),
)
FINANCING_DURATIONS: tuple[tuple[int, int], ...] = (
    (24, 8), (36, 30), (37, 6), (42, 4), (48, 30), (49, 5), (60, 17),
)

REPAIR_KINDS: tuple[tuple[str, int, int, int], ...] = (
    # kind, weight, min revenue excl. VAT (€), max
    ("maintenance", 52, 150, 400),
    ("repair", 16, 300, 2200),
    ("tyres", 10, 180, 850),
    ("brakes", 8, 220, 650),
    ("bodywork", 4, 450, 3200),
    ("diagnosis", 4, 59, 140),
    ("warranty", 4, 0, 0),
    ("recall", 2, 0, 0),
)

LEAD_SUBJECTS: dict[str, tuple[str, ...]] = {
    "brand_site": ("demande d'essai", "demande de devis", "demande de rappel",
                   "offre du moment", "reprise de mon véhicule", "configurateur en ligne"),
    "contest": ("jeu concours Grand Prix de l'été", "jeu concours Salon de Nantes",
                "grand jeu Noël", "jeu concours 100 % électrique"),
    "phone": ("appel entrant", "demande de disponibilité"),
    "walk_in": ("passage showroom", "journée portes ouvertes"),
    "partner": ("partenaire Leboncoin", "partenaire La Centrale", "comparateur en ligne"),
}
LEAD_SOURCES: tuple[tuple[str, int], ...] = (
    ("brand_site", 45), ("contest", 25), ("phone", 12), ("walk_in", 10), ("partner", 8),
)

CONTACT_NOTES: tuple[tuple[str, str, str], ...] = (
    # channel, outcome, note
    ("phone", "reached", "Client satisfait, rappeler à l'échéance du contrat."),
    ("phone", "no_answer", ""),
    ("phone", "voicemail", "Message laissé, rappeler en fin de semaine."),
    ("phone", "appointment", "Rendez-vous pris pour un essai."),
    ("phone", "not_interested", "Pas de projet pour le moment."),
    ("phone", "callback", "Souhaite être rappelé après ses congés."),
    ("phone", "wrong_number", "Numéro erroné, à vérifier."),
    ("email", "reached", "Offre envoyée par courriel."),
    ("sms", "reached", "Rappel d'entretien envoyé."),
    ("visit", "sale", "Bon de commande signé."),
    ("visit", "reached", "Passage au showroom, intéressé par un SUV hybride."),
    ("letter", "", "Courrier de fin de contrat envoyé."),
)

WISH_NEEDS: tuple[str, ...] = (
    "Cherche un SUV familial avec un grand coffre.", "Petite citadine pour la ville.",
    "Veut passer à l'électrique, recharge possible à domicile.", "Besoin d'un attelage.",
    "Budget serré, ouvert à un véhicule d'occasion récent.", "7 places pour la famille.",
    "Gros rouleur, environ 30 000 km par an.", "Boîte automatique souhaitée.", "",
)
WISH_SEGMENTS: tuple[str, ...] = ("citadine", "compacte", "SUV", "SUV compact", "monospace",
                                  "utilitaire", "berline", "break")

COMPLAINT_SUBJECTS: tuple[str, ...] = (
    "Délai de livraison non respecté", "Bruit persistant après réparation",
    "Facture d'atelier contestée", "Rayure constatée à la livraison",
    "Véhicule de courtoisie non disponible", "Rappel promis non effectué",
    "Voyant moteur allumé après entretien", "Carte grise reçue en retard",
)
COMPLAINT_RESOLUTIONS: tuple[str, ...] = (
    "Geste commercial sur la prochaine révision.", "Reprise du travaux sans frais.",
    "Explications données, facture maintenue.", "Retouche carrosserie offerte.",
)

CAMPAIGNS: tuple[tuple[str, str, str, int], ...] = (
    # name, channel, target, cost in euros
    ("Fin de contrat LOA — printemps", "phone", "financements à 6 mois de l'échéance", 1800),
    ("Révision d'hiver", "sms", "véhicules de plus de 3 ans", 900),
    ("Portes ouvertes électrique", "email", "prospects et clients équipés thermique", 2500),
)

# login, name, role
USERS: tuple[tuple[str, str, str], ...] = (
    ("admin", "Administrateur Relance", "admin"),
    ("c.lemaitre", "Christophe Lemaître", "manager"),
    ("s.moreau", "Sophie Moreau", "sales"),
    ("j.dubois", "Julien Dubois", "sales"),
    ("a.lefevre", "Amélie Lefèvre", "sales"),
    ("k.benali", "Karim Benali", "sales"),
    ("m.le-goff", "Maëlle Le Goff", "sales"),
    ("t.nguyen", "Thomas Nguyen", "sales"),
    ("n.perrin", "Nathalie Perrin", "aftersales"),
    ("y.kerleau", "Yann Kerleau", "aftersales"),
)

# Letters a plate may use (SIV excludes I, O and U).
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"
# Characters a VIN may use (no I, O, Q); weights and values of ISO 3779's check digit.
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_VALUES: dict[str, int] = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# Model-year letters of VIN position 10, from 2001 (1) to 2030 (Y).
VIN_YEARS = "123456789ABCDEFGHJKLMNPRSTVWXY"
# French départements for old (FNI) plates, weighted toward the west.
OLD_PLATE_DEPARTMENTS: tuple[tuple[str, int], ...] = (
    ("44", 40), ("49", 12), ("85", 12), ("35", 10), ("56", 6), ("29", 5), ("53", 3),
    ("72", 5), ("22", 3), ("75", 2), ("92", 1), ("69", 1),
)
