using SmePlatform.Portal.Components.Shared;

namespace SmePlatform.Portal.Components.Pages.Matching;

/// <summary>The English names (the catalogue's keys) of the Matching service's codes, and the codes a form offers.</summary>
public static class MatchingWords
{
    public static readonly IReadOnlyList<string> Types =
    [
        "export", "import", "production_alliance", "sales_alliance", "oem", "subcontracting_giving", "subcontracting_taking", "consignment",
        "technology_transfer_in", "technology_transfer_out", "joint_venture",
    ];

    public static readonly IReadOnlyList<string> Units =
    [
        "machine_hours_per_month", "pieces_per_month", "sets_per_month", "tonnes_per_month", "square_metres_per_month", "cubic_metres_per_month",
        "person_days_per_month",
    ];

    /// <summary>The stages a case moves forward through, in order; it may also be discontinued.</summary>
    public static readonly IReadOnlyList<string> Stages =
        ["enquiry", "nda", "samples", "q_and_a", "factory_visit", "loi", "feasibility_study", "contract"];

    public static readonly IReadOnlyList<string> Channels = ["in_person", "phone", "email", "letter", "counter_visit"];

    public static string Type(string type) => Wire.Key(type) switch
    {
        "export" => "Export",
        "import" => "Import",
        "productionalliance" => "Production alliance",
        "salesalliance" => "Sales alliance",
        "oem" => "OEM",
        "subcontractinggiving" => "Subcontracting (giving work)",
        "subcontractingtaking" => "Subcontracting (taking work)",
        "consignment" => "Consignment processing",
        "technologytransferin" => "Technology transfer in",
        "technologytransferout" => "Technology transfer out",
        "jointventure" => "Joint venture",
        _ => type,
    };

    public static string Unit(string unit) => Wire.Key(unit) switch
    {
        "machinehourspermonth" => "machine hours a month",
        "piecespermonth" => "pieces a month",
        "setspermonth" => "sets a month",
        "tonnespermonth" => "tonnes a month",
        "squaremetrespermonth" => "square metres a month",
        "cubicmetrespermonth" => "cubic metres a month",
        "persondayspermonth" => "person-days a month",
        _ => unit,
    };

    public static string Stage(string stage) => Wire.Key(stage) switch
    {
        "enquiry" => "Enquiry",
        "nda" => "Non-disclosure agreement",
        "samples" => "Samples",
        "qanda" => "Questions and answers",
        "factoryvisit" => "Factory visit",
        "loi" => "Letter of intent",
        "feasibilitystudy" => "Feasibility study",
        "contract" => "Contract",
        "discontinued" => "Discontinued",
        _ => stage,
    };

    public static string Channel(string channel) => Wire.Key(channel) switch
    {
        "inperson" => "In person",
        "phone" => "By phone",
        "email" => "By email",
        "letter" => "By letter",
        "countervisit" => "At the counter",
        _ => channel,
    };

    public static string Side(string side) => Wire.Key(side) switch
    {
        "needing" => "Needing side",
        "offering" => "Offering side",
        _ => side,
    };

    public static string Kind(string kind) => Wire.Key(kind) switch
    {
        "need" => "Need",
        "offer" => "Offer",
        _ => kind,
    };

    /// <summary>A profile's state, and a referral's state in the intermediaries' queue.</summary>
    public static string State(string state) => Wire.Key(state) switch
    {
        "draft" => "Draft",
        "reviewed" => "Reviewed",
        "published" => "Published",
        "withdrawn" => "Withdrawn",
        "queued" => "Waiting",
        "accepted" => "Accepted",
        "started" => "Started",
        "closed" => "Outcome reported",
        _ => state,
    };

    public static string Component(string component) => Wire.Key(component) switch
    {
        "types" => "Types of partnership",
        "industry" => "Industry",
        "processes" => "Processes",
        "capacity" => "Capacity",
        "certifications" => "Certifications",
        "distance" => "Distance",
        "ratings" => "Past ratings",
        _ => component,
    };

    public static IReadOnlyList<string> SplitList(string? text) =>
        [.. (text ?? "").Split([',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
