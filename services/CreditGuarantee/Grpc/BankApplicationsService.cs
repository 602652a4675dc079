using System.Text.Json;
using Grpc.Core;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee.V1;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.CreditGuarantee.Grpc;

/// <summary>
/// smeplatform.guarantee.v1.BankApplications: the partner-bank API over gRPC. Every operation calls the use case REST
/// calls (Application/Applications), so validation, idempotency (one key space with REST's Idempotency-Key), bank
/// scoping and the answer are the same; this class only translates messages, and refusals to status codes
/// (<see cref="GrpcErrors.ToRpcException(Refusal)"/>, field names as in the .proto).
/// </summary>
public sealed class BankApplicationsService(
    ApplicationWatch watch,
    SubmitApplicationHandler submit,
    GetBankApplicationHandler get,
    ListBankApplicationsHandler list) : BankApplications.BankApplicationsBase
{
    public const string IdempotencyKeyMetadata = "idempotency-key";

    /// <summary>How often a watch looks for new events of its application.</summary>
    internal static TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public override async Task<BankApplication> SubmitApplication(Contracts.Guarantee.V1.SubmitApplicationRequest request, ServerCallContext context)
    {
        var key = request.IdempotencyKey.Length > 0 ? request.IdempotencyKey : context.RequestHeaders.GetValue(IdempotencyKeyMetadata) ?? "";
        if (IdempotencyKey.Problem(key) is { } problem)
        {
            throw GrpcErrors.InvalidArgument("idempotency_key", key.Length == 0
                ? "Required: a key you choose for this submission (e.g. a UUID), the same on every retry of it (field or 'idempotency-key' metadata)."
                : problem);
        }

        var outcome = await submit.HandleAsync(new SubmitApplication(key, BankApplicationMessages.ToRequest(request)), context.GetHttpContext().User,
            context.CancellationToken);
        var answer = outcome.IsRefused ? throw ToRpcException(outcome.Refusal!) : outcome.Value;
        if (answer.Replayed)
        {
            context.ResponseTrailers.Add("idempotent-replayed", "true");
        }

        return BankApplicationMessages.ToMessage(answer.Value);
    }

    public override async Task<BankApplication> GetApplication(GetApplicationRequest request, ServerCallContext context)
    {
        var id = ParseId(request.Id);
        var outcome = await get.HandleAsync(id, context.GetHttpContext().User, context.CancellationToken);
        return outcome.IsRefused ? throw GrpcErrors.NotFound($"You have no application {id}.") : BankApplicationMessages.ToMessage(outcome.Value);
    }

    public override async Task<ListApplicationsResponse> ListApplications(ListApplicationsRequest request, ServerCallContext context)
    {
        var query = new ListBankApplications(request.Status.Length == 0 ? null : request.Status, request.UpdatedSince?.ToDateTimeOffset(),
            request.Cursor.Length == 0 ? null : request.Cursor, request.Limit == 0 ? null : request.Limit);
        var outcome = await list.HandleAsync(query, context.GetHttpContext().User, context.CancellationToken);
        var page = outcome.IsRefused ? throw ToRpcException(outcome.Refusal!) : outcome.Value;
        var response = new ListApplicationsResponse { NextCursor = page.NextCursor ?? "" };
        response.Applications.AddRange(page.Items.Select(BankApplicationMessages.ToMessage));
        return response;
    }

    /// <summary>First the current status, then every change from bank_events, until a final status, cancellation or the deadline.</summary>
    public override async Task WatchApplication(WatchApplicationRequest request, IServerStreamWriter<ApplicationStatusChange> responseStream, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var id = ParseId(request.Id);
        var cancellationToken = context.CancellationToken;
        if (user.BankId() is not { Length: > 0 } bankId)
        {
            throw GrpcErrors.NotFound($"You have no application {id}.");
        }

        // One snapshot: the status sent first and the position the changes continue from agree.
        var (row, last) = await watch.StartAsync(id, bankId, cancellationToken) ?? throw GrpcErrors.NotFound($"You have no application {id}.");
        var final = IsFinal(row.State);
        await responseStream.WriteAsync(new ApplicationStatusChange
        {
            ApplicationId = id.ToString(),
            Type = BankEventLog.TypeOf(row.State),
            StatusTo = row.State,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(row.UpdatedAt),
            PayloadJson = JsonSerializer.Serialize(BankEventLog.Payload(row, row.State, "", ""), BankEventLog.Json),
            Final = final,
        }, cancellationToken);
        while (!final)
        {
            await Task.Delay(WatchPollInterval, cancellationToken);
            var changes = await watch.ChangesAsync(id, last, cancellationToken);
            foreach (var change in changes)
            {
                final = IsFinal(change.StatusTo);
                await responseStream.WriteAsync(BankApplicationMessages.ToMessage(change, final), cancellationToken);
                last = change.Position;
                if (final)
                {
                    break;
                }
            }
        }
    }

    private static bool IsFinal(string state) => States.TryParse(state, out var s) && GuaranteeWorkflow.AllowedActions(s).Count == 0;

    private static Guid ParseId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw GrpcErrors.InvalidArgument("id", $"'{id}' is not an application id (a UUID).");

    /// <summary>
    /// A refusal in the API's gRPC terms: field names as in the .proto; a key already used (Idempotency-Key, application
    /// key) is ALREADY_EXISTS, as the API has always answered it; the problem type a REST client would get is in the
    /// <c>problem-type</c> trailer.
    /// </summary>
    private static RpcException ToRpcException(Refusal refusal)
    {
        var named = refusal with { Errors = refusal.Errors.ToDictionary(e => BankApplicationMessages.FieldName(e.Key), e => e.Value) };
        var exception = refusal.Code is IdempotencyRefusals.ReusedCode or "application-key-in-use"
            ? named.ToRpcException(StatusCode.AlreadyExists)
            : named.ToRpcException();
        exception.Trailers.Add("problem-type", ProblemDetailsDefaults.TypeBase + (refusal.ProblemType ?? refusal.Code));
        return exception;
    }
}
