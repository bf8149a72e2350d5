// The rules a new password breaks (the field violation's reason), for the pages that set
// one: the login page's password change and the accounts page's initial password.
export const PASSWORD_STRINGS = {
  vi: {
    "violation.PASSWORD_LENGTH": "Mật khẩu cần từ 10 đến 128 ký tự.",
    "violation.PASSWORD_IS_USERNAME": "Mật khẩu không được trùng tên đăng nhập.",
    "violation.PASSWORD_TOO_COMMON": "Mật khẩu này quá phổ biến, dễ bị đoán (như matkhau123, password123, 1234567890). Hãy chọn một câu của riêng bạn, chẳng hạn vài từ ghép lại.",
    "violation.PASSWORD_UNCHANGED": "Mật khẩu mới phải khác mật khẩu hiện tại.",
    "violation.WRONG_PASSWORD": "Mật khẩu hiện tại không đúng.",
  },
  en: {
    "violation.PASSWORD_LENGTH": "A password has 10 to 128 characters.",
    "violation.PASSWORD_IS_USERNAME": "The password must not be the username.",
    "violation.PASSWORD_TOO_COMMON": "This password is too common and easily guessed (like matkhau123, password123, 1234567890). Choose a phrase of your own, a few words together for instance.",
    "violation.PASSWORD_UNCHANGED": "The new password must differ from the current one.",
    "violation.WRONG_PASSWORD": "This is not your current password.",
  },
};
