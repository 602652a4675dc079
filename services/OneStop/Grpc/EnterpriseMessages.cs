using Google.Protobuf.WellKnownTypes;
using SmePlatform.Contracts.Common.V1;
using SmePlatform.ServiceDefaults.Http;
using V1Status = SmePlatform.Contracts.OneStop.V1.EnterpriseStatus;
using Enterprise = SmePlatform.Contracts.OneStop.V1.Enterprise;
using EnterpriseStatus = SmePlatform.OneStop.Domain.EnterpriseStatus;

namespace SmePlatform.OneStop.Grpc;

/// <summary>Register rows as contract messages, and the opaque page token of ListEnterprises.</summary>
public static class EnterpriseMessages
{
    private const decimal NanosPerUnit = 1_000_000_000m;
    private const string PageList = "enterprise-directory";

    public static Enterprise ToMessage(Domain.Enterprise enterprise) => new()
    {
        Id = enterprise.Id.ToString(),
        Uscc = enterprise.Uscc,
        Name = enterprise.Name,
        Ward = enterprise.Ward,
        IndustryCode = enterprise.IndustryCode,
        Employees = enterprise.Employees,
        AnnualRevenue = ToDecimalValue(enterprise.AnnualRevenue),
        TotalAssets = ToDecimalValue(enterprise.TotalAssets),
        Currency = enterprise.Currency,
        RegisteredAt = Timestamp.FromDateTimeOffset(enterprise.RegisteredAt),
        SizeClass = enterprise.SizeClass ?? "",
        SizeRuleSetId = enterprise.SizeRuleSetId ?? "",
        SizeRuleSetVersion = enterprise.SizeRuleSetVersion ?? 0,
        SizeReason = enterprise.SizeReason ?? "",
        Status = StatusOf(enterprise),
        MergedIntoId = enterprise.MergedInto?.ToString() ?? "",
        DeactivationReason = enterprise.DeactivationReason ?? "",
    };

    /// <summary>The register stores a merger as a deactivation with reason merger and the survivor; the contract names it.</summary>
    public static V1Status StatusOf(Domain.Enterprise enterprise) => enterprise.Status switch
    {
        EnterpriseStatus.Active => V1Status.Active,
        _ when enterprise.MergedInto is not null => V1Status.Merged,
        _ => V1Status.Deactivated,
    };

    /// <summary>Exact for up to nine decimals (the register keeps two); units and nanos share the sign.</summary>
    public static DecimalValue ToDecimalValue(decimal value)
    {
        var units = decimal.Truncate(value);
        return new DecimalValue { Units = (long)units, Nanos = (int)decimal.Truncate((value - units) * NanosPerUnit) };
    }

    public static decimal ToDecimal(DecimalValue value) => value.Units + value.Nanos / NanosPerUnit;

    /// <summary>The opaque token of the next page (<see cref="PageCursor"/>): the last id sent.</summary>
    public static string ToPageToken(Guid lastId) => PageCursor.Encode(PageList, lastId);

    public static bool TryParsePageToken(string token, out Guid lastId) => PageCursor.TryDecode(PageList, token, out lastId);
}
