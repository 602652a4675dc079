using System.Data;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Contracts.Guarantee.V1;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.CreditGuarantee.Features.BankApi;
using SmePlatform.CreditGuarantee.Features.Notifications;
using SmePlatform.CreditGuarantee.Register;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.CreditGuarantee.Grpc;

/// <summary>
/// smeplatform.guarantee.v1.BankApplications: the partner-bank API over gRPC. Every operation runs the REST handler of
/// the same operation (BankApplicationEndpoints), so validation, idempotency (one key space with REST's
/// Idempotency-Key), bank scoping and the answer are the same; this class only translates messages and statuses.
/// </summary>
public sealed class BankApplicationsService(
    NpgsqlDataSource dataSource,
    UnitOfWorkFactory units,
    IEnterpriseRegister register,
    TimeProvider clock,
    IOptions<HttpJsonOptions> json) : BankApplications.BankApplicationsBase
{
    public const string IdempotencyKeyMetadata = "idempotency-key";

    /// <summary>How often a watch looks for new events of its application.</summary>
    internal static TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public override async Task<BankApplication> SubmitApplication(Contracts.Guarantee.V1.SubmitApplicationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var key = request.IdempotencyKey.Length > 0 ? request.IdempotencyKey : context.RequestHeaders.GetValue(IdempotencyKeyMetadata) ?? "";
        var body = JsonSerializer.SerializeToUtf8Bytes(BankApplicationMessages.ToRequest(request), json.Value.SerializerOptions);

        // The REST handler on an in-memory exchange: the same code path as POST /api/bank/v1/applications.
        var http = new DefaultHttpContext { RequestServices = context.GetHttpContext().RequestServices, User = user };
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(body);
        http.Request.Headers[BankIdempotency.Header] = key;
        using var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        var result = await BankApplicationEndpoints.SubmitAsync(http, user, dataSource, units, register, clock, json, context.CancellationToken);
        await result.ExecuteAsync(http);

        var text = Encoding.UTF8.GetString(responseBody.ToArray());
        if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status201Created)
        {
            var view = JsonSerializer.Deserialize<BankApplicationView>(text, json.Value.SerializerOptions)!;
            if (http.Response.Headers.ContainsKey(BankIdempotency.ReplayedHeader))
            {
                context.ResponseTrailers.Add("idempotent-replayed", "true");
            }

            return BankApplicationMessages.ToMessage(view);
        }

        throw ToRpcException(http.Response.StatusCode, text);
    }

    public override async Task<BankApplication> GetApplication(GetApplicationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var id = ParseId(request.Id);
        var result = await BankApplicationEndpoints.GetAsync(id, user, dataSource, context.CancellationToken);
        return result is Ok<BankApplicationView> ok
            ? BankApplicationMessages.ToMessage(ok.Value!)
            : throw GrpcErrors.NotFound($"You have no application {id}.");
    }

    public override async Task<ListApplicationsResponse> ListApplications(ListApplicationsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var result = await BankApplicationEndpoints.ListAsync(user, dataSource, request.Status.Length == 0 ? null : request.Status,
            request.UpdatedSince?.ToDateTimeOffset(), request.Cursor.Length == 0 ? null : request.Cursor, request.Limit == 0 ? null : request.Limit,
            context.CancellationToken);
        switch (result.Result)
        {
            case Ok<Page<BankApplicationSummary>> ok:
                var response = new ListApplicationsResponse { NextCursor = ok.Value!.NextCursor ?? "" };
                response.Applications.AddRange(ok.Value.Items.Select(BankApplicationMessages.ToMessage));
                return response;
            case ValidationProblem invalid:
                throw Invalid(invalid.ProblemDetails.Errors);
            default:
                throw new InvalidOperationException("Unknown answer of the application list.");
        }
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

        ApplicationRow row;
        long last;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
        {
            // One snapshot: the status sent first and the position the changes continue from agree.
            row = await ApplicationStore.FindAsync(connection, snapshot, id, bankId, cancellationToken)
                ?? throw GrpcErrors.NotFound($"You have no application {id}.");
            last = await BankEventStore.LastPositionAsync(connection, snapshot, id, cancellationToken);
        }

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
            IReadOnlyList<BankEventRow> changes;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                changes = await BankEventStore.ForApplicationAsync(connection, id, last, cancellationToken);
            }

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
        Guid.TryParse(id, out var parsed) ? parsed : throw Invalid(new Dictionary<string, string[]> { ["id"] = [$"'{id}' is not an application id (a UUID)."] });

    private static RpcException Invalid(IDictionary<string, string[]> errors) =>
        GrpcErrors.InvalidArgument("The request cannot be accepted as sent.", errors.ToDictionary(e => BankApplicationMessages.FieldName(e.Key), e => e.Value));

    /// <summary>The REST answer's status and problem as a gRPC status (doc/http-grpc-status-mapping.md, refined by the problem).</summary>
    private static RpcException ToRpcException(int status, string problemJson)
    {
        using var problem = JsonDocument.Parse(problemJson.Length == 0 ? "{}" : problemJson);
        var root = problem.RootElement;
        var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var message = string.Join(" ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        if (status == StatusCodes.Status400BadRequest)
        {
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray())
                : [];
            return Invalid(errors);
        }

        var trailers = new Metadata();
        if (root.TryGetProperty("type", out var type) && type.GetString() is { } problemType)
        {
            trailers.Add("problem-type", problemType);
        }

        var code = status switch
        {
            StatusCodes.Status404NotFound => StatusCode.NotFound,
            StatusCodes.Status409Conflict => StatusCode.AlreadyExists,
            StatusCodes.Status422UnprocessableEntity => StatusCode.FailedPrecondition,
            StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
            StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        return new RpcException(new Status(code, message), trailers);
    }
}
