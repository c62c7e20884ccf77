/*
 * vb_rtsp.h - the credentials in an RTSP URL.
 *
 * Camera manuals print stream addresses with the login in them
 * ("rtsp://admin:s%40cret@192.0.2.7:554/Streaming/Channels/101"), and
 * installers paste them so.  The platform keeps the URL without its userinfo
 * (it may then be shown, logged and compared) and the credentials apart, the
 * password sealed; the portal's camera handlers split what comes in, and the
 * relay, which pulls the stream, passes the credentials to its RTSP client
 * apart from the URL again.
 */
#ifndef VB_RTSP_H
#define VB_RTSP_H

/* The longest RTSP URL the platform accepts (vb_valid_rtsp_url, the
 * cameras.rtsp_url column). */
#define VB_RTSP_URL_MAX 1024

/* A URL taken apart by vb_rtsp_split.  Decoding only shrinks text, so each
 * part fits in the URL's own bound. */
struct vb_rtsp_parts {
	char url[VB_RTSP_URL_MAX + 1];       /* the URL without "userinfo@" */
	char user[VB_RTSP_URL_MAX + 1];      /* percent-decoded; "" when none */
	char password[VB_RTSP_URL_MAX + 1];  /* percent-decoded; "" when none */
	int has_user;       /* the URL had a userinfo */
	int has_password;   /* that userinfo had a ":" (a password, maybe empty) */
};

/*
 * vb_rtsp_split checks url with vb_valid_rtsp_url and takes its userinfo
 * (RFC 3986 section 3.2.1: "user:password@" before the host) out: out->url
 * is the same URL without it, out->user and out->password its two parts
 * split at the first ":" and percent-decoded (section 2.1).  A decoded part
 * must be well-formed UTF-8 (RFC 3629) without control characters (C0, DEL,
 * C1): such bytes could break a device's configuration file or a log line,
 * and no camera login holds them.  A URL without userinfo comes back as it
 * is, with empty parts.  The password is a secret: the caller clears
 * out->password (explicit_bzero) when done.  Returns 0; -1 when url is not
 * an RTSP URL the platform accepts or a decoded part is refused (*out is
 * then cleared).
 */
int vb_rtsp_split(const char *url, struct vb_rtsp_parts *out);

#endif
