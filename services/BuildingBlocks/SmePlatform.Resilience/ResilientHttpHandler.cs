using Polly;

namespace SmePlatform.Resilience;

/// <summary>Applies a resilience pipeline to every request of an HttpClient. Only GET, HEAD, PUT, DELETE and
/// OPTIONS are retried: a POST may have had its effect before the failure was seen.</summary>
public sealed class ResilientHttpHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResilience.Idempotent, request.Method != HttpMethod.Post && request.Method != HttpMethod.Patch);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.handler.BaseSendAsync(state.request, ctx.CancellationToken),
                context, (handler: this, request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> BaseSendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
