namespace SmePlatform.Portal.Localization;

/// <summary>
/// The portal's words: keyed by the English (what English-speaking users see), translated in Ui.zh-CN.resx, as the
/// services' messages are (docs/adr/0034-messages-translated-by-their-english-text.md).
/// </summary>
public sealed class Ui;
