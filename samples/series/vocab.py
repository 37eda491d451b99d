"""What report series say: bodies, column headings by role, status schemes, and words for text.

The headings are wordings seen in public bodies' monitoring reports (UK councils, US city
departments, agencies, NHS trusts); a report draws one wording per role. Status schemes say
what a cell shows (a word, a letter, a colour, a symbol) and what a reader records for it.
"""

from __future__ import annotations

from dataclasses import dataclass

BODIES = [
    "Northshire County Council", "City of Eastbrook", "Riverside Borough Council", "Lakeland Combined Authority",
    "Office of Performance and Innovation", "Department of Public Works", "Harbourside NHS Trust",
    "West Vale District Council", "Metro Housing Authority", "Department of Parks and Recreation",
    "Office of Management and Budget", "Kingsbridge Fire and Rescue Service", "Southmoor Police and Crime Panel",
]

TITLES = [
    "{body}: Council Plan performance report, {period}", "{body} Strategic Plan - Progress Report ({period})",
    "Quarterly Performance Monitoring Report {period}", "{body} - Delivery Plan update {period}",
    "Corporate Plan Monitoring: {period}", "Performance Scorecard - {period}", "Annual Plan Progress Update {period}",
]

PERIODS = [
    "Quarter 2 2023/24", "Q3 2022/23", "as at 30 September 2023", "Half-year 2021/22", "end of year 2022/23",
    "as at 31 December 2022", "Quarter 1 2024/25",
]

#: column headings by role; the first wording of each list is the plainest
HEADINGS: dict[str, list[str]] = {
    "ref": ["Ref", "No.", "#", "ID", "Ref."],
    "target": ["Action", "Commitment", "Deliverable", "Objective", "Milestone", "Initiative", "What we will do",
               "Key action", "Priority action", "Project", "Activity", "Pledge", "What we have committed to",
               "Description of Initiatives", "Target"],
    "kpi": ["Performance indicator", "Measure", "Indicator", "KPI", "Key performance indicator"],
    "delivered": ["Progress", "Update", "Progress update", "Commentary", "Comments", "Progress to date",
                  "Progress Description", "What we have achieved", "Update at 30 September", "Narrative",
                  "Describe Initiative Progress"],
    "status": ["Status", "RAG", "RAG status", "RAG rating", "Rating", "Health", "Initiative Health",
               "Overall status", "On track?", "Traffic light", "Delivery status", "Current status"],
    "status_previous": ["Previous", "Last quarter", "Previous RAG", "RAG (previous)", "Previous status"],
    "status_goal": ["Goal Health", "Goal status", "Objective RAG", "Priority status"],
    "trend": ["Direction of travel", "DoT", "Trend", "Direction"],
    "percent": ["% Complete", "Percent complete", "Progress (%)", "% complete to date", "Percent Progress"],
    "owner": ["Lead", "Led by", "Owner", "Responsible officer", "Who", "Lead officer", "Accountable"],
    "date": ["Due date", "Deadline", "Timescale", "When", "Target date", "Completion date", "By when"],
    "measure": ["Success measure", "How we will measure it", "Check-Step", "Outcome measure", "Measure of success"],
    "kpi_target": ["Target", "Annual target", "Target 2023/24"],
    "actual": ["Actual", "Latest", "Outturn", "Current value", "Q2 actual"],
    "floor": ["Floor", "Threshold", "Tolerance", "Minimum standard"],
    "group": ["Goal", "Theme", "Priority", "Strategic aim", "Outcome", "Goal Description"],
    "other": ["Risks", "Budget", "Notes", "Funding needed", "Why", "Dependencies"],
}


@dataclass(frozen=True)
class StatusScheme:
    """How a status column shows each value, and what a reader records for it.

    ``shows`` maps a recorded status (Green, Amber, Red, Blue) to what the cell prints; a cell
    may also be filled with the status colour (``fill``) or carry a coloured symbol.
    """

    name: str
    shows: dict[str, str]  # recorded status → printed text ("" when the colour alone speaks)
    fill: bool  # the cell is filled with the status colour
    symbol: bool = False  # a coloured symbol ("●") stands in the cell
    legend: bool = False  # the report prints a key of its colours
    values: tuple[str, ...] = ("Green", "Amber", "Red")


SCHEMES: dict[str, StatusScheme] = {
    "rag-words": StatusScheme("rag-words", {"Green": "Green", "Amber": "Amber", "Red": "Red"}, fill=False),
    "rag-words-filled": StatusScheme("rag-words-filled", {"Green": "Green", "Amber": "Amber", "Red": "Red"},
                                     fill=True),
    "rag-letters": StatusScheme("rag-letters", {"Green": "G", "Amber": "A", "Red": "R"}, fill=True),
    "colour-only": StatusScheme("colour-only", {"Green": "", "Amber": "", "Red": ""}, fill=True),
    "colour-legend": StatusScheme("colour-legend", {"Green": "", "Amber": "", "Red": "", "Blue": ""}, fill=True,
                                  legend=True, values=("Green", "Amber", "Red", "Blue")),
    "symbols": StatusScheme("symbols", {"Green": "", "Amber": "", "Red": ""}, fill=False, symbol=True),
    "brag": StatusScheme("brag", {"Green": "Green", "Amber": "Amber", "Red": "Red", "Blue": "Blue"}, fill=True,
                         values=("Green", "Amber", "Red", "Blue")),
    "on-track": StatusScheme("on-track", {"Green": "On track", "Amber": "Slightly off track", "Red": "Off track"},
                             fill=False),
    "achieved": StatusScheme("achieved", {"Green": "Achieved", "Amber": "Partially achieved", "Red": "Not achieved"},
                             fill=False),
    "yellow": StatusScheme("yellow", {"Green": "Green", "Amber": "Yellow", "Red": "Red"}, fill=True),
}

#: the colours a status is drawn in; two shades of green and of amber, as real series use
COLOURS: dict[str, list[str]] = {
    "Green": ["#00b050", "#92d050", "#2e7d32", "#66bb6a"],
    "Amber": ["#ffc000", "#ffbf00", "#ffff00", "#f4b183"],
    "Red": ["#ff0000", "#c00000", "#e53935"],
    "Blue": ["#1f497d", "#0070c0", "#2f5597"],
}
#: what a key says each colour means
LEGEND_WORDS = {"Green": ["On track", "On target", "Complete on time"], "Amber": ["Slightly off track", "At risk"],
                "Red": ["Off track", "Significantly off target"], "Blue": ["Complete", "Accomplished", "Delivered"]}

#: trend columns: recorded direction → printed
TRENDS: dict[str, dict[str, str]] = {
    "words": {"Improving": "Improving", "Stable": "Stable", "Worsening": "Worsening"},
    "arrows": {"Improving": "↑", "Stable": "→", "Worsening": "↓"},
    "triangles": {"Improving": "▲", "Stable": "►", "Worsening": "▼"},
}

VERBS = ["Deliver", "Commission", "Publish", "Expand", "Pilot", "Reduce", "Train", "Open", "Review", "Increase",
         "Develop", "Implement", "Launch", "Complete", "Introduce", "Improve", "Establish", "Upgrade", "Replace"]
THINGS = ["cycle lanes", "air quality sensors", "tenancy audits", "school meals", "flood barriers", "library hubs",
          "apprenticeships", "heat pumps", "bus shelters", "food inspections", "street lights", "care packages",
          "youth clubs", "affordable homes", "digital kiosks", "green spaces", "recycling centres", "crossings",
          "training places", "payroll systems", "customer surveys", "EV charging points", "playgrounds"]
PLACES = ["across the borough", "in three wards", "in the city centre", "county-wide", "in coastal areas",
          "for all schools", "with partners", "in rural parishes", "for vulnerable residents"]
PROGRESS = ["Work is progressing to plan", "Procurement has been completed", "Consultation closed in August",
            "The contractor started on site in July", "Funding has been secured from partners",
            "Delays in the supply chain have slowed delivery", "A revised timetable was agreed by Cabinet",
            "Staff shortages have affected the programme", "The pilot was evaluated and will be extended",
            "Phase one is complete and phase two is being scoped", "Residents responded well to the events held",
            "Officers are reviewing options with the provider", "The business case is awaiting approval",
            "Recruitment to the team is complete", "Demand has been higher than forecast"]
NAMES = ["Director of Place", "Head of Housing", "Chief Finance Officer", "Sytisha Claycomb", "Kaci Grant",
         "Public Health Team", "DDPH", "Head of Customer Services", "Corporate Director", "Parks Manager",
         "Community Safety Lead", "ICT Programme Board"]
DATES = ["March 2024", "Q4 2023/24", "31/03/2025", "December 2023", "2025", "Ongoing", "Start: 2023 End: 2024",
         "September 2024", "TBC", "April 2025"]
KPIS = ["Percentage of calls answered within 20 seconds", "Number of affordable homes delivered",
        "Average days to process a benefit claim", "Percentage of household waste recycled",
        "Number of apprenticeships started", "Percentage of invoices paid within 30 days",
        "Staff sickness days per employee", "Number of visits to libraries", "Percentage of FOI requests on time",
        "Number of missed bin collections per 100,000", "Percentage of planning applications decided on time"]
THEMES = ["A thriving economy", "Safe and healthy communities", "A greener future", "Good homes for all",
          "An efficient council", "Children and young people", "Connected places", "Culture and leisure"]
GOALS = ["Increase the use of technology to promote excellent customer service",
         "Enact comprehensive financial management of the city's assets",
         "Reduce the staff turnover rate by 10% by 2025", "Develop a communication strategy for customers",
         "Provide training and skills to 200 employees", "Improve the condition of the highway network",
         "Increase revenue collection for licences and permits", "Reduce carbon emissions from council buildings"]
GLOSSARY = [("Baseline", "A standard against which present or future performance can be compared."),
            ("Benchmark", "The agreed value recognised by peers as the best practice in the field."),
            ("Target start date", "The date that the goal or initiative is planned to be started."),
            ("Source", "The data and information that is collated internally or externally to validate a KPI."),
            ("Outcome", "The change the council wants to see for residents as a result of its work.")]
FINANCE = [("Employees", "12,400", "12,950", "550"), ("Premises", "3,210", "3,050", "-160"),
           ("Transport", "1,150", "1,240", "90"), ("Supplies and services", "6,780", "6,600", "-180"),
           ("Income", "-4,300", "-4,120", "180")]
PROSE = ["This report sets out progress against the priorities agreed for the year. Each commitment has a lead "
         "officer and is assessed at the end of each quarter.",
         "Members are asked to note the performance set out below and the actions being taken where targets are "
         "not being met.",
         "The following section reports the key performance indicators for the service, with the latest value "
         "and the target for the year.",
         "Commentary is provided by the lead officer for every measure that is not on track."]
