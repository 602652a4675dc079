using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace SmePlatform.ServiceDefaults.Localization;

/// <summary>
/// The language of the platform's answers to people: the first of Chinese or English the caller's Accept-Language
/// asks for, Chinese when it asks for neither (the users are Shenyang's staff and enterprises). Only the words change:
/// a problem's <c>type</c>, <c>code</c>, field names and every value keep their one spelling in every language.
/// The request's formatting culture is left as it is, so numbers and dates on the wire never change with the language.
/// </summary>
public static class ProblemLanguage
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>The language for <paramref name="request"/>: by Accept-Language quality, then order; Chinese by default.</summary>
    public static CultureInfo For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IList<StringWithQualityHeaderValue> asked;
        try
        {
            asked = request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return Chinese; // an unreadable header asks for nothing
        }

        foreach (var language in asked.Where(value => value.Quality is not 0).OrderByDescending(value => value.Quality ?? 1))
        {
            var tag = language.Value.Value ?? string.Empty;
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return Chinese;
    }

    /// <summary>Puts the problem's title, detail and every field error into the caller's language.</summary>
    public static void Translate(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var language = For(http.Request);
        http.Response.Headers.ContentLanguage = language.Name;
        var catalogue = http.RequestServices.GetService<MessageCatalogue>();
        if (catalogue is null || language.TwoLetterISOLanguageName == "en")
        {
            return;
        }

        var problem = context.ProblemDetails;
        problem.Title = problem.Title is null ? null : catalogue.Translate(problem.Title, language);
        problem.Detail = problem.Detail is null ? null : catalogue.Translate(problem.Detail, language);
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToList())
            {
                validation.Errors[field] = [.. validation.Errors[field].Select(message => catalogue.Translate(message, language))];
            }
        }

        if (problem.Extensions.TryGetValue("errors", out var extension) && extension is IDictionary<string, string[]> errors)
        {
            foreach (var field in errors.Keys.ToList())
            {
                errors[field] = [.. errors[field].Select(message => catalogue.Translate(message, language))];
            }
        }
    }
}
