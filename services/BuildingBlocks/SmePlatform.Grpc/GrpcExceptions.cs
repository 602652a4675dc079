using SmePlatform.Grpc.Rpc;

namespace SmePlatform.Grpc;

/// <summary>
/// Thrown by a handler (or the code it calls) when the thing asked for does not exist: NOT_FOUND,
/// with this message sent to the caller. Domain code that must not depend on this block can throw
/// <see cref="KeyNotFoundException"/>, or register its own type with
/// <see cref="Server.GrpcServerOptions.MapException{TException}"/>.
/// </summary>
public class GrpcNotFoundException(string message) : Exception(message);

/// <summary>
/// Bad input: INVALID_ARGUMENT, with the field violations sent as google.rpc.BadRequest in the
/// grpc-status-details-bin trailer so a caller can show them per field.
/// </summary>
public class GrpcValidationException : Exception
{
    public GrpcValidationException(string message, IReadOnlyDictionary<string, string[]> errors)
        : base(message)
    {
        Errors = errors;
    }

    public GrpcValidationException(string message)
        : this(message, new Dictionary<string, string[]>())
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    internal BadRequest ToBadRequest()
    {
        var badRequest = new BadRequest();
        foreach (var (field, descriptions) in Errors)
        {
            foreach (var description in descriptions)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
            }
        }

        return badRequest;
    }
}
