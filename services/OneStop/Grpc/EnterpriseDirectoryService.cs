using Grpc.Core;
using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.OneStop.Application;
using SmePlatform.OneStop.Application.Enterprises;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using Enterprise = SmePlatform.Contracts.OneStop.V1.Enterprise;

namespace SmePlatform.OneStop.Grpc;

/// <summary>
/// smeplatform.onestop.v1.EnterpriseDirectory: the register, read by other services over gRPC through the same
/// use case (<see cref="FindEnterpriseHandler"/>) and store as the REST API. Read-only; the caller's deadline and
/// cancellation reach every query. Deactivated and merged entries are answered too, with their status: a caller that
/// holds an old id learns what became of it.
/// </summary>
public sealed class EnterpriseDirectoryService(FindEnterpriseHandler handler, RegisterStore register) : EnterpriseDirectory.EnterpriseDirectoryBase
{
    /// <summary>Largest page_size honoured; larger values are capped (AIP-158), not refused.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>The trailer carrying the token of the next page when page_size cut the stream short.</summary>
    public const string NextPageTokenTrailer = "next-page-token";

    /// <summary>Rows read per query while streaming: big enough to amortise the round trip, small enough to hold.</summary>
    internal const int ChunkSize = 500;

    public override async Task<Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context)
    {
        var find = request.KeyCase switch
        {
            GetEnterpriseRequest.KeyOneofCase.Id => Guid.TryParse(request.Id, out var id)
                ? new FindEnterpriseRequest(id, null)
                : throw Invalid("id", $"'{request.Id}' is not an enterprise id (a UUID such as 0190f5a4-7b7e-7c3d-9a52-3f4e5d6c7b8a)."),
            GetEnterpriseRequest.KeyOneofCase.Uscc => new FindEnterpriseRequest(null, request.Uscc),
            _ => throw Invalid("key", "Set either id or uscc."),
        };
        var outcome = await handler.HandleAsync(find, context.GetHttpContext().User, context.CancellationToken);
        return outcome.Match(EnterpriseMessages.ToMessage, refusal => throw refusal.ToRpcException());
    }

    public override async Task ListEnterprises(ListEnterprisesRequest request, IServerStreamWriter<Enterprise> responseStream, ServerCallContext context)
    {
        var (filter, after) = Validate(request);
        // A clerk lists their own ward; asking for another ward yields nothing, as if it were empty.
        if (!WardFilter.TryNarrow(context.GetHttpContext().User.WardScope(), filter.Ward, out var ward))
        {
            return;
        }

        filter = filter with { Ward = ward };

        var cancellationToken = context.CancellationToken;
        var remaining = request.PageSize == 0 ? int.MaxValue : Math.Min(request.PageSize, MaxPageSize);
        while (remaining > 0)
        {
            var take = Math.Min(ChunkSize, remaining);
            // One row more than needed tells whether anything follows, without a count.
            var rows = await register.SearchAsync(filter with { After = after, Limit = take }, cancellationToken);
            var sent = Math.Min(take, rows.Count);
            for (var i = 0; i < sent; i++)
            {
                await responseStream.WriteAsync(EnterpriseMessages.ToMessage(rows[i]), cancellationToken);
            }

            if (rows.Count <= take)
            {
                return;
            }

            after = rows[sent - 1].Id;
            remaining -= sent;
        }

        context.ResponseTrailers.Add(NextPageTokenTrailer, EnterpriseMessages.ToPageToken(after!.Value));
    }

    /// <summary>Every field error at once, as the REST side does.</summary>
    private static (EnterpriseSearch Filter, Guid? After) Validate(ListEnterprisesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        string? ward = null;
        if (request.Ward.Length > 0)
        {
            ward = Ward.Find(request.Ward)?.Code;
            if (ward is null)
            {
                errors["ward"] = [$"'{request.Ward}' is not a ward or county of Shenyang; use one of: {string.Join(", ", Ward.All.Select(w => w.Code))}."];
            }
        }

        string? prefix = null;
        if (request.IndustryPrefix.Length > 0)
        {
            prefix = request.IndustryPrefix.Trim().ToUpperInvariant();
            if (prefix.Length > 5 || prefix[0] is < 'A' or > 'T' || prefix.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
            {
                errors["industry_prefix"] = ["An industry prefix is a GB/T 4754-2017 section letter (A–T) and up to four digits, e.g. C or C35."];
            }
        }

        if (request.PageSize < 0)
        {
            errors["page_size"] = ["page_size cannot be negative (0 means all)."];
        }

        Guid? after = null;
        if (request.PageToken.Length > 0)
        {
            if (EnterpriseMessages.TryParsePageToken(request.PageToken, out var lastId))
            {
                after = lastId;
            }
            else
            {
                errors["page_token"] = ["The page token is not one this service issued; pass the next-page-token trailer back unchanged."];
            }
        }

        return errors.Count > 0
            ? throw GrpcErrors.InvalidArgument("The enterprise list request is invalid.", errors)
            : (new EnterpriseSearch(null, null, ward, prefix, null, false, null, null, 0), after);
    }

    private static RpcException Invalid(string field, string message) => GrpcErrors.InvalidArgument(field, message);
}
