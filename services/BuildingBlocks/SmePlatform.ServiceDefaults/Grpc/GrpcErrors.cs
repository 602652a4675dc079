using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using SmePlatform.Application;
using Status = Google.Rpc.Status;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// The errors our gRPC services answer with. Bad input is INVALID_ARGUMENT with every field violation at once as
/// <c>google.rpc.BadRequest</c> in <c>grpc-status-details-bin</c> (AIP-193), as REST answers every field error at once.
/// </summary>
public static class GrpcErrors
{
    /// <summary>INVALID_ARGUMENT: <paramref name="message"/>, and one field violation per message of each field (names as in the .proto).</summary>
    public static RpcException InvalidArgument(string message, IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var badRequest = new BadRequest();
        foreach (var (field, descriptions) in errors)
        {
            badRequest.FieldViolations.Add(descriptions.Select(description => new BadRequest.Types.FieldViolation { Field = field, Description = description }));
        }

        var status = new Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        if (badRequest.FieldViolations.Count > 0)
        {
            status.Details.Add(Any.Pack(badRequest));
        }

        return status.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT on one field, the message standing for the whole.</summary>
    public static RpcException InvalidArgument(string field, string message) =>
        InvalidArgument(message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>NOT_FOUND. Also the answer for what exists but is not the caller's to see: a refusal would confirm it exists.</summary>
    public static RpcException NotFound(string message) => new(new global::Grpc.Core.Status(StatusCode.NotFound, message));

    /// <summary>
    /// A use case's refusal as the gRPC status REST's problem details correspond to: Invalid is INVALID_ARGUMENT with every
    /// field violation, NotFound NOT_FOUND, Forbidden PERMISSION_DENIED, Conflict and VersionRequired FAILED_PRECONDITION,
    /// Stale ABORTED (read again and retry), another service away UNAVAILABLE or DEADLINE_EXCEEDED. The refusal's code travels as <c>google.rpc.ErrorInfo</c>'s reason, its
    /// details as the ErrorInfo's metadata, so a gRPC client switches on the same code a REST client does.
    /// </summary>
    public static RpcException ToRpcException(this Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind == RefusalKind.Invalid
            ? InvalidArgument(refusal.Detail is { } detail ? $"{refusal.Title} {detail}" : refusal.Title, refusal.Errors)
            : refusal.ToRpcException(refusal.Kind switch
            {
                RefusalKind.NotFound => StatusCode.NotFound,
                RefusalKind.Forbidden => StatusCode.PermissionDenied,
                RefusalKind.Stale => StatusCode.Aborted,
                RefusalKind.Unavailable or RefusalKind.UpstreamFailed => StatusCode.Unavailable,
                RefusalKind.UpstreamTimeout => StatusCode.DeadlineExceeded,
                _ => StatusCode.FailedPrecondition,
            });
    }

    /// <summary>
    /// The refusal with a status code the service chose where its API promised another than the kind's (e.g.
    /// ALREADY_EXISTS for a key already used); the code and details travel in ErrorInfo as above.
    /// </summary>
    public static RpcException ToRpcException(this Refusal refusal, StatusCode code)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var message = refusal.Detail is { } detail ? $"{refusal.Title} {detail}" : refusal.Title;
        var info = new ErrorInfo { Reason = refusal.Code, Domain = "smeplatform" };
        foreach (var (key, value) in refusal.Details)
        {
            info.Metadata[key] = value switch
            {
                null => "",
                string text => text,
                System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>()),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
        }

        var status = new Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        return status.ToRpcException();
    }

    /// <summary>The field violations of an INVALID_ARGUMENT, by field; empty when the status carries none.</summary>
    public static IReadOnlyDictionary<string, string[]> FieldViolations(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetRpcStatus()?.GetDetail<BadRequest>() is { } badRequest
            ? badRequest.FieldViolations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray())
            : new Dictionary<string, string[]>();
    }

    /// <summary>
    /// Another service's refusal as this service's own, for its caller: INVALID_ARGUMENT with every field violation (the
    /// proto's snake_case paths as JSON's camelCase, "loan_request.bank_id" → "loanRequest.bankId"), NOT_FOUND, and
    /// FAILED_PRECONDITION with the ErrorInfo reason as the code. Null for anything else: the call failed rather than
    /// being refused (down, deadline, credentials), which the caller answers as unavailable.
    /// </summary>
    public static Refusal? ToRefusal(this RpcException exception, string title)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode switch
        {
            StatusCode.InvalidArgument => Refusal.Invalid(title, exception.FieldViolations().ToDictionary(pair => JsonPath(pair.Key), pair => pair.Value)),
            StatusCode.NotFound => Refusal.NotFound(title),
            StatusCode.FailedPrecondition => Refusal.Conflict(exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "refused-upstream", title,
                exception.Status.Detail),
            _ => null,
        };
    }

    /// <summary>"loan_request.bank_id" as JSON names it: "loanRequest.bankId".</summary>
    public static string JsonPath(string protoPath)
    {
        ArgumentNullException.ThrowIfNull(protoPath);
        return string.Join('.', protoPath.Split('.').Select(segment =>
        {
            var words = segment.Split('_', StringSplitOptions.RemoveEmptyEntries);
            return string.Concat(words.Select((w, i) => i == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        }));
    }
}
