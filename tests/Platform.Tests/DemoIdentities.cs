namespace SmePlatform.Platform.Tests;

/// <summary>The demo identities the README publishes, with the role and scope each must have.</summary>
public static class DemoIdentities
{
    public sealed record Identity(string Name, string Role, string? Ward = null, string? BankId = null, bool IsBank = false);

    public static readonly IReadOnlyList<Identity> All =
    [
        new("counter.heping", "counter_staff", Ward: "heping"),
        new("counter.dadong", "counter_staff", Ward: "dadong"),
        new("examiner.li", "examiner"),
        new("examiner.wang", "examiner"),
        new("intermediary.zhao", "intermediary"),
        new("advisor.chen", "advisor"),
        new("smeoffice.liu", "sme_office"),
        new("admin", "admin"),
        new("ccb-shenyang", "bank", BankId: "ccb-shenyang", IsBank: true),
        new("huaxia-shenyang", "bank", BankId: "huaxia-shenyang", IsBank: true),
        new("sy-commercial-bank", "bank", BankId: "sy-commercial-bank", IsBank: true),
    ];

    public static Identity Named(string name) => All.Single(i => i.Name == name);
}
