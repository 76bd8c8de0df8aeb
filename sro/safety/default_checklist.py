"""The audit checklist the department starts with, organised by area. The department edits its
own copy; this one is only the starting point.

The areas follow the layers of the Cybersecurity and Infrastructure Security Agency's "K-12
School Security: A Guide for Preventing and Protecting against Gun Violence" (3rd edition, 2022)
and its School Security Assessment Tool: the site perimeter, parking, the building's exterior and
entrances, the interior and classrooms, with communication, surveillance, planning and events
across them. Drills and plans also follow Minn. Stat. 121A.035 (crisis management policy) and
299F.30 (fire drills). The questions are written for this product, not copied from either.
"""

from __future__ import annotations

CISA = "CISA K-12 School Security Guide, 3rd ed. (2022), and its School Security Assessment Tool"

# (area, source, [(prompt, guidance), ...])
DEFAULT_CHECKLIST: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Site perimeter and access control",
        f"{CISA}: the site perimeter layer",
        (
            (
                "Fencing, gates and natural barriers channel people to the main entrance.",
                "Gaps, damaged fencing, gates left open or propped.",
            ),
            (
                "The school's boundaries are marked and the grounds are clear of hiding places.",
                "Overgrown shrubs, blind corners, unlocked sheds.",
            ),
            (
                "Vehicle barriers keep cars off play areas and away from entrances.",
                "Bollards, planters or curbs where students gather.",
            ),
            (
                "Exterior doors other than the main entrance stay locked during the school day.",
                "Walk every exterior door and try it from outside.",
            ),
            (
                "Keys and access cards are issued, tracked and recovered.",
                "A current key list; lost keys re-keyed; cards of departed staff disabled.",
            ),
        ),
    ),
    (
        "Entrances and visitor management",
        f"{CISA}: the building exterior and entry layer",
        (
            (
                "One main entrance is used by visitors during the school day.",
                "Signs direct visitors to it from the parking lot.",
            ),
            (
                "Staff can see and speak with a visitor before letting them in.",
                "Camera and intercom at the main door; a secure vestibule.",
            ),
            (
                "Visitors sign in, show identification and wear a visible badge.",
                "Sign-out on leaving; badges collected.",
            ),
            (
                "Staff are trained to question or report an unescorted person without a badge.",
                "Ask two staff members what they would do.",
            ),
            ("Deliveries come through a known door and are checked.", ""),
        ),
    ),
    (
        "Interior doors and classroom locks",
        f"{CISA}: the building interior and classroom layers",
        (
            (
                "Classroom doors lock from the inside without stepping into the hallway.",
                "Try a sample of doors; note any that need a key from outside.",
            ),
            (
                "Classroom door glass can be covered quickly, and rooms have a place out of sight.",
                "",
            ),
            ("Offices, nurse's room and other rooms students use can be locked.", ""),
            (
                "Doors and locks meet the fire code: no devices that stop a door from opening.",
                "No unapproved barricade devices; exit paths clear.",
            ),
            (
                "Rooms and doors are numbered, inside and outside, to match the floor plan.",
                "Responders can find a room from the plan.",
            ),
        ),
    ),
    (
        "Communications and alerts",
        f"{CISA}: communication and information sharing",
        (
            (
                "Anyone can start a lockdown or alert from where they are.",
                "Panic buttons, radios, phones in every room; who may call a lockdown.",
            ),
            (
                "The public address system is heard everywhere, outdoors included.",
                "Gyms, cafeteria, portables, playing fields.",
            ),
            (
                "Radios work throughout the building and the SRO can reach the office.",
                "Dead spots noted.",
            ),
            ("Families are notified by a tested mass-notification system.", ""),
            (
                "Students and staff have a way to report threats, anonymously if they choose.",
                "A tip line or app; who reads the reports and how fast.",
            ),
        ),
    ),
    (
        "Surveillance and lighting",
        f"{CISA}: surveillance and lighting across the layers",
        (
            (
                "Cameras cover entrances, parking and main hallways, and are recording.",
                "Check a sample of recordings and the retention period.",
            ),
            (
                "Someone can view the cameras live during an emergency.",
                "Whether responders can be given access.",
            ),
            (
                "Exterior lighting covers entrances, walkways and parking after dark.",
                "Visit at dusk when possible; note failed lights.",
            ),
            ("Interior lighting and emergency lighting work in hallways and stairwells.", ""),
        ),
    ),
    (
        "Emergency plans and drills",
        f"{CISA}: emergency planning; Minn. Stat. 121A.035 and 299F.30",
        (
            (
                "The school has a current crisis management plan and staff know where it is.",
                "The plan's review date; who has a copy.",
            ),
            (
                "Lockdown, fire and tornado drills are held and recorded as the law requires.",
                "Five lockdown, five fire and one tornado drill each school year.",
            ),
            ("Evacuation routes and assembly areas are posted and kept clear.", ""),
            ("Reunification with families has a planned site and procedure.", ""),
            (
                "Floor plans and site maps are current and shared with responders.",
                "Digital copies with the police and fire departments.",
            ),
            ("Staff are trained in first aid and bleeding control, with kits on hand.", ""),
        ),
    ),
    (
        "Transportation and parking",
        f"{CISA}: the parking lot layer",
        (
            ("Bus loading, parent drop-off and pedestrians are kept apart.", ""),
            ("Parking areas are supervised at arrival and dismissal.", ""),
            ("Staff, student and visitor parking are marked and permits checked.", ""),
            (
                "Emergency vehicles can reach every side of the building.",
                "Fire lanes clear; access during drop-off.",
            ),
        ),
    ),
    (
        "Events",
        f"{CISA}: planning for events and large gatherings",
        (
            (
                "Large events have a security plan naming who is in charge.",
                "Sports, dances, graduations, assemblies.",
            ),
            ("Entry to events is controlled and the rest of the building closed off.", ""),
            ("Staffing for events, including officers, matches the expected crowd.", ""),
            ("Crowd exits, first aid and emergency communication are planned for each venue.", ""),
        ),
    ),
)
