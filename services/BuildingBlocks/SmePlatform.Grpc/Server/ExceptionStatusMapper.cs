using System.ComponentModel.DataAnnotations;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Authentication;
using SmePlatform.Grpc.Rpc;

namespace SmePlatform.Grpc.Server;

/// <summary>Turns what a handler threw into the status (and trailers) the caller receives.</summary>
internal static class ExceptionStatusMapper
{
    public const string GenericInternalMessage = "An internal error occurred.";

    /// <returns>The status, the trailers to add, and whether it is an unexpected failure worth logging as an error.</returns>
    public static (Status Status, Metadata? Trailers, bool Unexpected) Map(Exception exception, GrpcServerOptions options)
    {
        if (exception is RpcException rpc)
        {
            return (rpc.Status, rpc.Trailers, false);
        }

        foreach (var mapper in options.ExceptionMappers)
        {
            if (mapper(exception) is { } mapped)
            {
                return (mapped, null, false);
            }
        }

        switch (exception)
        {
            case GrpcValidationException validation:
                return Invalid(validation.Message, validation.ToBadRequest());
            case ValidationException validation:
                return Invalid(validation.Message, FieldViolation(validation.ValidationResult.MemberNames.FirstOrDefault(), validation.Message));
            case ArgumentException argument:
                // ArgumentException.Message appends " (Parameter 'x')"; the field goes in the details instead.
                var detail = argument.ParamName is null ? argument.Message : argument.Message.Replace($" (Parameter '{argument.ParamName}')", string.Empty, StringComparison.Ordinal);
                return Invalid(detail, FieldViolation(argument.ParamName, detail));
            case GrpcNotFoundException or KeyNotFoundException:
                return (new Status(StatusCode.NotFound, exception.Message), null, false);
            case UnauthorizedAccessException:
                return (new Status(StatusCode.PermissionDenied, "Permission denied."), null, false);
            case AuthenticationFailureException:
                return (new Status(StatusCode.Unauthenticated, "Authentication failed."), null, false);
            case NotImplementedException:
                return (new Status(StatusCode.Unimplemented, "The method is not implemented."), null, false);
            default:
                // Never leak exception text: it may carry SQL, paths or personal data.
                return (new Status(StatusCode.Internal, GenericInternalMessage), null, true);
        }
    }

    /// <summary>Builds the grpc-status-details-bin trailer: a google.rpc.Status mirroring the status.</summary>
    public static Metadata DetailsTrailer(Status status, params Google.Protobuf.IMessage[] details)
    {
        var rpcStatus = new Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
        foreach (var detail in details)
        {
            rpcStatus.Details.Add(Any.Pack(detail));
        }

        var trailers = new Metadata();
        trailers.Add(GrpcProtocol.StatusDetailsTrailer, Google.Protobuf.MessageExtensions.ToByteArray(rpcStatus));
        return trailers;
    }

    private static (Status, Metadata?, bool) Invalid(string message, BadRequest badRequest)
    {
        var status = new Status(StatusCode.InvalidArgument, message);
        return (status, badRequest.FieldViolations.Count == 0 ? null : DetailsTrailer(status, badRequest), false);
    }

    private static BadRequest FieldViolation(string? field, string description)
    {
        var badRequest = new BadRequest();
        if (!string.IsNullOrEmpty(field))
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        return badRequest;
    }
}
