using System.Text;
using BudgetWeb.Common;

namespace BudgetWeb.Features.Import;

/// <summary>A file's text and the encoding it was read in.</summary>
public sealed record DecodedText(string Text, string Encoding)
{
    public bool IsWindows1252 => Encoding == BankFileText.Windows1252;
}

/// <summary>
/// Turns a bank file's bytes into text: a byte-order mark decides (UTF-8, UTF-16 LE/BE); without one, strict UTF-8,
/// then Windows-1252 (what Excel and most banks write on Windows). Text that fits none is refused, never guessed.
/// </summary>
public static class BankFileText
{
    public const string Windows1252 = "Windows-1252";
    public const string NotText = "This doesn't look like a CSV file: it contains binary data.";
    public const string UnknownEncoding = "The file's text encoding isn't UTF-8, UTF-16 or Windows-1252: save it as UTF-8 and choose it again.";

    // Bytes Windows-1252 leaves undefined: a file holding them is in some other encoding.
    private static readonly byte[] Undefined1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    public static Result<DecodedText> Decode(byte[] content)
    {
        if (content.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return Strict(new UTF8Encoding(false, true), content, 3, "UTF-8");
        }

        if (content.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return Strict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), content, 2, "UTF-16 LE");
        }

        if (content.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return Strict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), content, 2, "UTF-16 BE");
        }

        if (Array.IndexOf(content, (byte)0) >= 0)
        {
            return Result.Fail<DecodedText>(FailureKind.Validation, NotText);
        }

        var utf8 = Strict(new UTF8Encoding(false, true), content, 0, "UTF-8");
        if (utf8.Succeeded || content.AsSpan().IndexOfAny(Undefined1252) >= 0)
        {
            return utf8.Succeeded ? utf8 : Result.Fail<DecodedText>(FailureKind.Validation, UnknownEncoding);
        }

        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;
        return Strict(cp1252, content, 0, Windows1252);
    }

    private static Result<DecodedText> Strict(Encoding encoding, byte[] content, int skip, string name)
    {
        try
        {
            var text = encoding.GetString(content, skip, content.Length - skip);
            return text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
                ? Result.Fail<DecodedText>(FailureKind.Validation, NotText)
                : Result.Ok(new DecodedText(text, name), name);
        }
        catch (DecoderFallbackException)
        {
            return Result.Fail<DecodedText>(FailureKind.Validation, UnknownEncoding);
        }
    }
}
